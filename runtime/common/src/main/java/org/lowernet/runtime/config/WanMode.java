package org.lowernet.runtime.config;

/** How the WAN interface gets its address, from wan.mode. */
public enum WanMode {
    /** From the uplink's DHCP server. */
    DHCP,
    /** From wan.address, wan.gateway and wan.dns. */
    STATIC
}
