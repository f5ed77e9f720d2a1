package org.lowernet.runtime.net.netlink;

import java.util.Map;

/**
 * An errno with its symbolic name and meaning. Numbers are those of include/uapi/asm-generic/errno-base.h
 * and errno.h, shared by x86-64 and arm64.
 */
public record Errno(int number, String name, String meaning) {

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOBUFS = 105;
    public static final int ETIMEDOUT = 110;
    public static final int EADDRNOTAVAIL = 99;

    private static final Map<Integer, Errno> TABLE = Map.ofEntries(
            entry(EPERM, "EPERM", "operation not permitted (needs CAP_NET_ADMIN)"),
            entry(ENOENT, "ENOENT", "no such entry"),
            entry(ESRCH, "ESRCH", "no such process, or no such route/object"),
            entry(EINTR, "EINTR", "interrupted system call"),
            entry(5, "EIO", "input/output error"),
            entry(6, "ENXIO", "no such device or address"),
            entry(7, "E2BIG", "argument list too long"),
            entry(9, "EBADF", "bad file descriptor"),
            entry(EAGAIN, "EAGAIN", "resource temporarily unavailable"),
            entry(12, "ENOMEM", "out of memory"),
            entry(13, "EACCES", "permission denied"),
            entry(14, "EFAULT", "bad address"),
            entry(EBUSY, "EBUSY", "device or resource busy"),
            entry(EEXIST, "EEXIST", "already exists"),
            entry(ENODEV, "ENODEV", "no such device"),
            entry(EINVAL, "EINVAL", "invalid argument"),
            entry(23, "ENFILE", "too many open files in system"),
            entry(24, "EMFILE", "too many open files"),
            entry(28, "ENOSPC", "no space left"),
            entry(34, "ERANGE", "value out of range"),
            entry(61, "ENODATA", "no data available"),
            entry(88, "ENOTSOCK", "not a socket"),
            entry(90, "EMSGSIZE", "message too long"),
            entry(93, "EPROTONOSUPPORT", "protocol not supported"),
            entry(95, "EOPNOTSUPP", "operation not supported"),
            entry(97, "EAFNOSUPPORT", "address family not supported"),
            entry(98, "EADDRINUSE", "address already in use"),
            entry(EADDRNOTAVAIL, "EADDRNOTAVAIL", "address not available (not configured on this interface)"),
            entry(100, "ENETDOWN", "network is down"),
            entry(101, "ENETUNREACH", "network unreachable (no route to the gateway)"),
            entry(ENOBUFS, "ENOBUFS", "no buffer space: the socket's receive queue overflowed"),
            entry(107, "ENOTCONN", "not connected"),
            entry(ETIMEDOUT, "ETIMEDOUT", "timed out"),
            entry(113, "EHOSTUNREACH", "host unreachable"));

    /** The errno for {@code number}; a positive or negated errno (netlink sends it negated). */
    public static Errno of(int number) {
        int positive = Math.abs(number);
        Errno known = TABLE.get(positive);
        return known != null ? known : new Errno(positive, "E" + positive, "errno " + positive);
    }

    @Override
    public String toString() {
        return name + " (" + number + ", " + meaning + ")";
    }

    private static Map.Entry<Integer, Errno> entry(int number, String name, String meaning) {
        return Map.entry(number, new Errno(number, name, meaning));
    }
}
