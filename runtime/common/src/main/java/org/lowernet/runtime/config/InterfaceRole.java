package org.lowernet.runtime.config;

/** What the router does with a network interface, from interface.NAME.role. */
public enum InterfaceRole {
    /** The uplink: DHCP or static address, NAT towards it, hostile traffic expected. */
    WAN,
    /** The local network: the router's address, DHCP and DNS served. */
    LAN,
    /** A link to other lowernet routers of the same site. */
    MESH,
    /** Left down. */
    OFF
}
