/**
 * The node's LAN prefix without a registry (HNCP, RFC 7695 style): {@link org.lowernet.runtime.prefix.Candidates}
 * lists the /N prefixes of {@code mesh.pool} in an order seeded by the node's id; {@link
 * org.lowernet.runtime.prefix.PrefixRule} decides, from what the other routers announce, which one this node holds
 * (on an overlap the higher router id keeps it, the other moves on); {@link org.lowernet.runtime.prefix.PrefixStore}
 * keeps the choice on /data; {@link org.lowernet.runtime.prefix.PrefixKeeper} ties them together and says when the
 * LAN ({@link org.lowernet.runtime.prefix.MeshLan}: IPv4 address, DHCP range, the IPv6 /64 of the site's ULA) moves.
 * The rule and the candidates are pure, so every case is a table test; the keeper reads and writes the file and
 * emits the events. An explicit {@code lan.address} is never moved, only checked.
 */
package org.lowernet.runtime.prefix;
