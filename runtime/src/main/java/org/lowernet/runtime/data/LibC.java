package org.lowernet.runtime.data;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/** The libc calls this package's ioctls need (the partition resize, the filesystem freeze), through JNA. */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    /** {@code O_RDONLY | O_CLOEXEC}; it opens a directory too (O_DIRECTORY's value differs between architectures). */
    int O_RDONLY_CLOEXEC = 0x80000;

    int open(String path, int flags);

    int ioctl(int fd, NativeLong request, Pointer argument);

    int close(int fd);
}
