package org.lowernet.runtime.net.netlink;

/** Link attributes of {@code include/uapi/linux/if_link.h} and flags of {@code include/uapi/linux/if.h}. */
public final class LinuxIfLink {

    /** {@code IFLA_ADDRESS}: hardware address. */
    public static final int IFLA_ADDRESS = 1;
    /** {@code IFLA_IFNAME}: NUL-terminated name. */
    public static final int IFLA_IFNAME = 3;
    /** {@code IFLA_MTU}: u32. */
    public static final int IFLA_MTU = 4;
    /** {@code IFLA_OPERSTATE}: u8, RFC 2863 state, see {@code IF_OPER_*}. */
    public static final int IFLA_OPERSTATE = 16;
    /** {@code IFLA_LINKINFO}: nested; {@link #IFLA_INFO_KIND} names the driver kind (dummy, veth, ...). */
    public static final int IFLA_LINKINFO = 18;
    /** {@code IFLA_STATS64}: {@code struct rtnl_link_stats64}. */
    public static final int IFLA_STATS64 = 23;

    /** {@code IFLA_INFO_KIND}, inside {@link #IFLA_LINKINFO}: NUL-terminated kind. */
    public static final int IFLA_INFO_KIND = 1;

    /** {@code struct rtnl_link_stats64} starts rx_packets, tx_packets, rx_bytes, tx_bytes (u64 each). */
    public static final int STATS64_RX_PACKETS = 0;
    public static final int STATS64_TX_PACKETS = 8;
    public static final int STATS64_RX_BYTES = 16;
    public static final int STATS64_TX_BYTES = 24;
    /** The four counters read; the struct has grown over kernel versions but never shrunk. */
    public static final int STATS64_MIN_SIZE = 32;

    /** {@code IFF_UP}, linux/if.h: administratively up. */
    public static final int IFF_UP = 0x1;
    /** {@code IFF_LOOPBACK}, linux/if.h. */
    public static final int IFF_LOOPBACK = 0x8;
    /** {@code IFF_RUNNING}, linux/if.h: operationally up (RFC 2863 "up"). */
    public static final int IFF_RUNNING = 0x40;
    /** {@code IFF_LOWER_UP}, linux/if.h: the driver signals carrier. */
    public static final int IFF_LOWER_UP = 0x10000;

    /** {@code sizeof(struct ifinfomsg)}: u8 family, u8 pad, u16 type, s32 index, u32 flags, u32 change. */
    public static final int IFINFOMSG_SIZE = 16;

    private LinuxIfLink() {
    }
}
