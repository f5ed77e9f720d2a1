package org.lowernet.runtime.net.netlink;

/** Constants of {@code include/uapi/linux/netlink.h} (Linux 6.x) and the socket calls that carry them. */
public final class LinuxNetlink {

    /** {@code AF_NETLINK}, linux/socket.h. */
    public static final int AF_NETLINK = 16;
    /** {@code NETLINK_ROUTE}: routing and device hook. */
    public static final int NETLINK_ROUTE = 0;
    /** {@code NETLINK_GENERIC}: generic netlink, families resolved by name (see {@link LinuxGenetlink}). */
    public static final int NETLINK_GENERIC = 16;
    /** {@code SOL_NETLINK}, linux/socket.h: level of the netlink socket options below. */
    public static final int SOL_NETLINK = 270;
    /** {@code NETLINK_CAP_ACK}: an error message echoes only the header of the failed request. */
    public static final int NETLINK_CAP_ACK = 10;
    /** {@code NETLINK_EXT_ACK}: an error message may carry the kernel's text ({@link #NLMSGERR_ATTR_MSG}). */
    public static final int NETLINK_EXT_ACK = 11;

    /** {@code sizeof(struct sockaddr_nl)}: u16 family, u16 pad, u32 pid, u32 groups. */
    public static final int SOCKADDR_NL_SIZE = 12;

    /** {@code sizeof(struct nlmsghdr)}: u32 len, u16 type, u16 flags, u32 seq, u32 pid. */
    public static final int NLMSG_HDRLEN = 16;
    /** {@code NLMSG_ALIGNTO}: messages start on 4-byte boundaries. */
    public static final int NLMSG_ALIGNTO = 4;

    /** {@code NLMSG_NOOP}: nothing, skip it. */
    public static final int NLMSG_NOOP = 1;
    /** {@code NLMSG_ERROR}: payload is {@code struct nlmsgerr}; error 0 is an ACK. */
    public static final int NLMSG_ERROR = 2;
    /** {@code NLMSG_DONE}: end of a multipart dump; payload is an int error. */
    public static final int NLMSG_DONE = 3;
    /** {@code NLMSG_OVERRUN}: data lost. */
    public static final int NLMSG_OVERRUN = 4;

    /** {@code NLM_F_REQUEST}: a request. */
    public static final int NLM_F_REQUEST = 0x01;
    /** {@code NLM_F_MULTI}: part of a multipart message ended by {@link #NLMSG_DONE}. */
    public static final int NLM_F_MULTI = 0x02;
    /** {@code NLM_F_ACK}: reply with an ACK (an {@link #NLMSG_ERROR} with error 0). */
    public static final int NLM_F_ACK = 0x04;
    /** {@code NLM_F_DUMP_INTR}: the dump was inconsistent because the table changed during it. */
    public static final int NLM_F_DUMP_INTR = 0x10;
    /** {@code NLM_F_ROOT | NLM_F_MATCH}: a GET request for the whole table. */
    public static final int NLM_F_DUMP = 0x300;
    /** {@code NLM_F_REPLACE} (NEW requests): replace an existing object. */
    public static final int NLM_F_REPLACE = 0x100;
    /** {@code NLM_F_EXCL} (NEW requests): fail with EEXIST if it exists. */
    public static final int NLM_F_EXCL = 0x200;
    /** {@code NLM_F_CREATE} (NEW requests): create if it does not exist. */
    public static final int NLM_F_CREATE = 0x400;
    /** {@code NLM_F_CAPPED} (ACK flags): only the request's header is echoed, not its payload. */
    public static final int NLM_F_CAPPED = 0x100;
    /** {@code NLM_F_ACK_TLVS} (ACK flags): extended-ACK attributes follow the echoed request. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    /** {@code sizeof(struct nlmsgerr)} with {@link #NETLINK_CAP_ACK}: int error + the echoed nlmsghdr. */
    public static final int NLMSGERR_SIZE = 4 + NLMSG_HDRLEN;
    /** {@code NLMSGERR_ATTR_MSG}: a NUL-terminated error text from the kernel. */
    public static final int NLMSGERR_ATTR_MSG = 1;

    /** {@code NLA_ALIGNTO}: attributes start on 4-byte boundaries. */
    public static final int NLA_ALIGNTO = 4;
    /** {@code NLA_HDRLEN}: u16 len, u16 type. */
    public static final int NLA_HDRLEN = 4;
    /** {@code NLA_F_NESTED}: the attribute holds attributes. */
    public static final int NLA_F_NESTED = 0x8000;
    /** {@code NLA_F_NET_BYTEORDER}: the value is big-endian. */
    public static final int NLA_F_NET_BYTEORDER = 0x4000;
    /** {@code NLA_TYPE_MASK}: the type without the two flags above. */
    public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

    private LinuxNetlink() {
    }

    /** {@code NLMSG_ALIGN} / {@code NLA_ALIGN}: rounds up to the next multiple of 4. */
    public static int align(int length) {
        return (length + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
    }
}
