package org.lowernet.runtime.net.netlink;

/** Constants of {@code include/uapi/linux/rtnetlink.h} (Linux 6.x): message types, rtmsg values, groups. */
public final class LinuxRtnetlink {

    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_SETLINK = 19;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;

    /** {@code sizeof(struct rtmsg)}: u8 family, dst_len, src_len, tos, table, protocol, scope, type; u32 flags. */
    public static final int RTMSG_SIZE = 12;

    /** {@code RT_TABLE_MAIN}: the table {@code ip route} shows by default. */
    public static final int RT_TABLE_MAIN = 254;

    /** {@code RTPROT_KERNEL}: route installed by the kernel (e.g. a connected prefix). */
    public static final int RTPROT_KERNEL = 2;
    /** {@code RTPROT_BOOT}: route installed during boot; what {@code ip route add} uses. */
    public static final int RTPROT_BOOT = 3;
    /** {@code RTPROT_STATIC}: route installed by the administrator. */
    public static final int RTPROT_STATIC = 4;
    /** {@code RTPROT_BABEL}: routes babeld installs; lowernet leaves them alone. */
    public static final int RTPROT_BABEL = 42;
    /**
     * lowernet's own protocol number (76, "L"), unused by the kernel's and iproute2's list: every route lowernet
     * installs carries it, and lowernet changes or removes no route without it.
     */
    public static final int RTPROT_LOWERNET = 76;

    /** {@code RT_SCOPE_UNIVERSE}: a route or address valid everywhere. */
    public static final int RT_SCOPE_UNIVERSE = 0;
    /** {@code RT_SCOPE_LINK}: a destination on the attached link. */
    public static final int RT_SCOPE_LINK = 253;
    /** {@code RT_SCOPE_HOST}: an address of this host. */
    public static final int RT_SCOPE_HOST = 254;

    /** {@code RTN_UNICAST}: a gateway or direct route. */
    public static final int RTN_UNICAST = 1;

    /** {@code RTA_DST}: destination address. */
    public static final int RTA_DST = 1;
    /** {@code RTA_OIF}: u32 output interface index. */
    public static final int RTA_OIF = 4;
    /** {@code RTA_GATEWAY}: gateway address. */
    public static final int RTA_GATEWAY = 5;
    /** {@code RTA_PRIORITY}: u32 metric. */
    public static final int RTA_PRIORITY = 6;
    /** {@code RTA_TABLE}: u32 table id (rtm_table holds only 8 bits). */
    public static final int RTA_TABLE = 15;

    /** {@code RTMGRP_LINK}: multicast group of link changes. */
    public static final int RTMGRP_LINK = 0x1;
    /** {@code RTMGRP_IPV4_IFADDR}: multicast group of IPv4 address changes. */
    public static final int RTMGRP_IPV4_IFADDR = 0x10;
    /** {@code RTMGRP_IPV4_ROUTE}: multicast group of IPv4 route changes. */
    public static final int RTMGRP_IPV4_ROUTE = 0x40;
    /** {@code RTMGRP_IPV6_IFADDR}: multicast group of IPv6 address changes. */
    public static final int RTMGRP_IPV6_IFADDR = 0x100;
    /** {@code RTMGRP_IPV6_ROUTE}: multicast group of IPv6 route changes. */
    public static final int RTMGRP_IPV6_ROUTE = 0x400;

    /** {@code AF_UNSPEC}, linux/socket.h: all families (in dump requests). */
    public static final int AF_UNSPEC = 0;
    /** {@code AF_INET}, linux/socket.h. */
    public static final int AF_INET = 2;
    /** {@code AF_INET6}, linux/socket.h. */
    public static final int AF_INET6 = 10;

    private LinuxRtnetlink() {
    }
}
