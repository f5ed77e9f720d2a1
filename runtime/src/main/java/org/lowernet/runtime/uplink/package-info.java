/**
 * What people watch the network for, decided once from the one {@link org.lowernet.runtime.net.NetworkState}:
 * whether the router has an uplink ({@link org.lowernet.runtime.uplink.Uplink}: the WAN's carrier, plus the
 * WAN client's lease where DHCP gives the address) and each planned interface's carrier
 * ({@link org.lowernet.runtime.uplink.LinkEvents}). Both emit events for the health reports; LEDs and others
 * listen, each optional.
 */
package org.lowernet.runtime.uplink;

import org.lowernet.runtime.net.NetworkState;
