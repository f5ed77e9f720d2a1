package org.lowernet.runtime.net.netlink;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The few libc calls netlink needs, mapped by JNA. LP64 only: {@code size_t}/{@code ssize_t}/{@code nfds_t}
 * are Java {@code long}. Each returns -1 on failure with errno in {@link Native#getLastError()}.
 */
interface LibC extends Library {

    LibC INSTANCE = Native.load("c", LibC.class);

    /** {@code SOCK_RAW}, linux/net.h. */
    int SOCK_RAW = 3;
    /** {@code SOCK_CLOEXEC} = O_CLOEXEC (02000000), asm-generic/fcntl.h: no leak into daemons we start. */
    int SOCK_CLOEXEC = 0x80000;
    /** {@code O_RDONLY | O_CLOEXEC}, asm-generic/fcntl.h. */
    int O_RDONLY_CLOEXEC = 0x80000;
    /** {@code SOL_SOCKET}, asm-generic/socket.h. */
    int SOL_SOCKET = 1;
    /** {@code SO_RCVBUF}, asm-generic/socket.h. */
    int SO_RCVBUF = 8;
    /** {@code SO_RCVBUFFORCE}, asm-generic/socket.h: SO_RCVBUF beyond rmem_max, needs CAP_NET_ADMIN. */
    int SO_RCVBUFFORCE = 33;
    /** {@code MSG_DONTWAIT}, linux/socket.h. */
    int MSG_DONTWAIT = 0x40;
    /** {@code MSG_TRUNC}, linux/socket.h: recv returns the datagram's real length even if it did not fit. */
    int MSG_TRUNC = 0x20;
    /** {@code POLLIN}, asm-generic/poll.h. */
    short POLLIN = 0x1;
    /** {@code sizeof(struct pollfd)}: int fd, short events, short revents. */
    int POLLFD_SIZE = 8;
    /** {@code EFD_CLOEXEC | EFD_NONBLOCK}, sys/eventfd.h (= O_CLOEXEC | O_NONBLOCK). */
    int EFD_CLOEXEC_NONBLOCK = 0x80000 | 0x800;
    /** {@code CLONE_NEWNET}, linux/sched.h: the namespace type for setns. */
    int CLONE_NEWNET = 0x40000000;

    int socket(int domain, int type, int protocol);

    int bind(int fd, byte[] address, int length);

    int setsockopt(int fd, int level, int name, int[] value, int length);

    long send(int fd, byte[] buffer, long length, int flags);

    long recv(int fd, byte[] buffer, long length, int flags);

    int poll(byte[] fds, long count, int timeoutMillis);

    int close(int fd);

    int eventfd(int initialValue, int flags);

    long write(int fd, byte[] buffer, long length);

    int open(String path, int flags);

    int setns(int fd, int type);
}
