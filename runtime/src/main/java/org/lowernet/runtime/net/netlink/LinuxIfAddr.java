package org.lowernet.runtime.net.netlink;

/** Constants of {@code include/uapi/linux/if_addr.h} (Linux 6.x). */
public final class LinuxIfAddr {

    /** {@code sizeof(struct ifaddrmsg)}: u8 family, u8 prefixlen, u8 flags, u8 scope, u32 index. */
    public static final int IFADDRMSG_SIZE = 8;

    /** {@code IFA_ADDRESS}: the prefix address (the peer on point-to-point links). */
    public static final int IFA_ADDRESS = 1;
    /** {@code IFA_LOCAL}: the local address. */
    public static final int IFA_LOCAL = 2;
    /** {@code IFA_LABEL}: NUL-terminated label (IPv4 only). */
    public static final int IFA_LABEL = 3;
    /** {@code IFA_FLAGS}: u32 flags, superseding the 8-bit ifa_flags. */
    public static final int IFA_FLAGS = 8;

    /** {@code IFA_F_TENTATIVE}: IPv6 duplicate address detection is still running. */
    public static final int IFA_F_TENTATIVE = 0x40;
    /** {@code IFA_F_PERMANENT}: configured, not learnt. */
    public static final int IFA_F_PERMANENT = 0x80;

    private LinuxIfAddr() {
    }
}
