package org.lowernet.runtime.data;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code FIFREEZE} then {@code FITHAW} on a mounted filesystem (linux/fs.h): freezing ext4 flushes its journal
 * into the filesystem's own blocks, so what was committed is where a reader that ignores the journal (debugfs
 * on the unmounted partition at the next power-on) finds it, at once rather than after the ~30 s writeback.
 * Writers wait the few milliseconds in between.
 */
final class FilesystemFreeze {

    /** {@code FIFREEZE} = _IOWR('X', 119, int). */
    static final long FIFREEZE = 0xC0045877L;
    /** {@code FITHAW} = _IOWR('X', 120, int). */
    static final long FITHAW = 0xC0045878L;


    private FilesystemFreeze() {
    }

    /** Freezes and thaws the filesystem mounted at {@code mountPoint}; thawing is tried even when freezing failed. */
    static void freezeAndThaw(Path mountPoint) throws IOException {
        int fd = LibC.INSTANCE.open(mountPoint.toString(), LibC.O_RDONLY_CLOEXEC);
        if (fd < 0) {
            throw new IOException("open(" + mountPoint + "): errno " + Native.getLastError());
        }
        try (Memory unused = new Memory(8)) {
            unused.clear();
            int frozen = LibC.INSTANCE.ioctl(fd, new NativeLong(FIFREEZE), unused);
            int freezeErrno = Native.getLastError();
            int thawed = LibC.INSTANCE.ioctl(fd, new NativeLong(FITHAW), unused);
            if (frozen < 0) {
                throw new IOException("ioctl(" + mountPoint + ", FIFREEZE): errno " + freezeErrno);
            }
            if (thawed < 0) {
                throw new IOException("ioctl(" + mountPoint + ", FITHAW): errno " + Native.getLastError()
                        + " (the filesystem may stay frozen)");
            }
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }
}
