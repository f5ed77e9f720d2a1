/**
 * The router's services: the JVM is the control plane only. It writes the config of small, well-kept
 * daemons (dnsmasq for LAN DHCP and DNS, busybox udhcpc for the WAN lease, dropbear for SSH), supervises
 * them ({@link org.lowernet.runtime.router.Supervisor}: restart with bounded backoff), applies the WAN lease
 * through the reconciler, and loads the nftables ruleset (NAT and firewall) that the kernel enforces.
 *
 * <p>Limits: IPv4 only (no DHCPv6 or router advertisements yet); one LAN subnet (every LAN interface
 * gets {@code lan.address}); mesh interfaces get babel (package {@code mesh}), DNS, ICMP, respondd and SSH
 * through the firewall, and nothing else.
 */
package org.lowernet.runtime.router;
