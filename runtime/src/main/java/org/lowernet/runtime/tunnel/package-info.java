/**
 * WireGuard tunnels: the node's key, the wireguard links and their peers, their state. Mesh links over the Internet:
 * one interface per tunnel, one peer each, allowed IPs everything, no routes of WireGuard's own (babel routes over
 * them, from the link-local address given here). Set through the runtime's own netlink layer (rtnetlink for the link,
 * the generic netlink family {@code wireguard} for keys, peers and state), never the {@code wg} program.
 */
package org.lowernet.runtime.tunnel;
