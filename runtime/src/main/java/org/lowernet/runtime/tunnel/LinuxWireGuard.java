package org.lowernet.runtime.tunnel;

/**
 * Constants of {@code include/uapi/linux/wireguard.h} (Linux 5.6 and later): the generic netlink family
 * {@code wireguard}, its two commands and the attributes of a device, its peers and their allowed IPs.
 */
final class LinuxWireGuard {

    /** {@code WG_GENL_NAME}. */
    static final String GENL_NAME = "wireguard";
    /** {@code WG_GENL_VERSION}. */
    static final int GENL_VERSION = 1;
    /** {@code WG_KEY_LEN}. */
    static final int KEY_LEN = 32;
    /** The link kind {@code RTM_NEWLINK} makes ({@code IFLA_INFO_KIND}). */
    static final String LINK_KIND = "wireguard";

    /** {@code WG_CMD_GET_DEVICE}: a dump only, selected by WGDEVICE_A_IFINDEX or WGDEVICE_A_IFNAME. */
    static final int CMD_GET_DEVICE = 0;
    /** {@code WG_CMD_SET_DEVICE}. */
    static final int CMD_SET_DEVICE = 1;

    /** {@code WGDEVICE_F_REPLACE_PEERS}: the peers sent replace every peer the device has. */
    static final int DEVICE_F_REPLACE_PEERS = 1;

    /** {@code WGDEVICE_A_IFINDEX}: u32. */
    static final int DEVICE_A_IFINDEX = 1;
    /** {@code WGDEVICE_A_IFNAME}: NUL-terminated name. */
    static final int DEVICE_A_IFNAME = 2;
    /** {@code WGDEVICE_A_PRIVATE_KEY}: 32 bytes (the kernel also sends it back in GET_DEVICE; never read here). */
    static final int DEVICE_A_PRIVATE_KEY = 3;
    /** {@code WGDEVICE_A_PUBLIC_KEY}: 32 bytes. */
    static final int DEVICE_A_PUBLIC_KEY = 4;
    /** {@code WGDEVICE_A_FLAGS}: u32, {@code WGDEVICE_F_*}. */
    static final int DEVICE_A_FLAGS = 5;
    /** {@code WGDEVICE_A_LISTEN_PORT}: u16 in host order, 0 = the kernel picks one. */
    static final int DEVICE_A_LISTEN_PORT = 6;
    /** {@code WGDEVICE_A_PEERS}: nested; each peer a nested attribute (its type an index) of {@code WGPEER_A_*}. */
    static final int DEVICE_A_PEERS = 8;

    /** {@code WGPEER_F_REPLACE_ALLOWEDIPS}: the allowed IPs sent replace the peer's. */
    static final int PEER_F_REPLACE_ALLOWEDIPS = 2;
    /** {@code WGPEER_F_UPDATE_ONLY}: change a peer the device has, never add one. */
    static final int PEER_F_UPDATE_ONLY = 4;

    /** {@code WGPEER_A_PUBLIC_KEY}: 32 bytes. */
    static final int PEER_A_PUBLIC_KEY = 1;
    /** {@code WGPEER_A_FLAGS}: u32, {@code WGPEER_F_*}. */
    static final int PEER_A_FLAGS = 3;
    /** {@code WGPEER_A_ENDPOINT}: {@code struct sockaddr_in} or {@code sockaddr_in6}. */
    static final int PEER_A_ENDPOINT = 4;
    /** {@code WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL}: u16 seconds, 0 = off. */
    static final int PEER_A_PERSISTENT_KEEPALIVE_INTERVAL = 5;
    /** {@code WGPEER_A_LAST_HANDSHAKE_TIME}: {@code struct __kernel_timespec} (s64 sec, s64 nsec), wall clock; 0 = never. */
    static final int PEER_A_LAST_HANDSHAKE_TIME = 6;
    /** {@code WGPEER_A_RX_BYTES}: u64. */
    static final int PEER_A_RX_BYTES = 7;
    /** {@code WGPEER_A_TX_BYTES}: u64. */
    static final int PEER_A_TX_BYTES = 8;
    /** {@code WGPEER_A_ALLOWEDIPS}: nested; each allowed IP a nested attribute of {@code WGALLOWEDIP_A_*}. */
    static final int PEER_A_ALLOWEDIPS = 9;

    /** {@code WGALLOWEDIP_A_FAMILY}: u16, AF_INET or AF_INET6. */
    static final int ALLOWEDIP_A_FAMILY = 1;
    /** {@code WGALLOWEDIP_A_IPADDR}: 4 or 16 bytes. */
    static final int ALLOWEDIP_A_IPADDR = 2;
    /** {@code WGALLOWEDIP_A_CIDR_MASK}: u8 prefix length. */
    static final int ALLOWEDIP_A_CIDR_MASK = 3;

    /** {@code sizeof(struct sockaddr_in)}: u16 family, be16 port, 4 address bytes, 8 bytes of zero. */
    static final int SOCKADDR_IN_SIZE = 16;
    /** {@code sizeof(struct sockaddr_in6)}: u16 family, be16 port, be32 flow info, 16 address bytes, u32 scope id. */
    static final int SOCKADDR_IN6_SIZE = 28;

    private LinuxWireGuard() {
    }
}
