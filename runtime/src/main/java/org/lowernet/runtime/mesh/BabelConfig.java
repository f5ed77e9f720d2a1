package org.lowernet.runtime.mesh;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;

/**
 * The babeld.conf the runtime writes: babel on the mesh interfaces (wired, or tunnel for WireGuard tunnels: babel
 * then weighs the round-trip time, not just loss), an explicit router-id, the local
 * socket and babeld's state file in the run folder (no pid file: see {@link BabelService}), and what the node
 * announces: the prefixes of its LAN interfaces (the kernel's connected routes; babeld never announces link-local ones) and the default route
 * lowernet installs from its uplink (protocol {@value LinuxRtnetlink#RTPROT_LOWERNET}), so the announcement
 * ends when lowernet removes that route. Nothing else: not the node's own addresses, not the WAN subnet,
 * not babel's routes (protocol 42).
 *
 * <p>babeld installs what it learns at kernel metric {@value #KERNEL_PRIORITY}: above lowernet's own default
 * route (metric 0), so a node with its own uplink keeps using it, and the kernel takes both routes (it keys a
 * route by destination and metric, so a learned default route at lowernet's metric would block its own).
 *
 * @param id            the router-id babeld uses
 * @param meshes        the mesh interfaces babel speaks on
 * @param tunnels       those of {@code meshes} that are tunnels across the Internet
 * @param lans          the LAN interfaces whose prefixes are announced
 * @param source        the node's LAN address: the source of what the node itself sends over IPv4 routes it
 *                      learned (its ICMP errors, so that traceroute names it; DNS it forwards); empty without a LAN
 * @param runDirectory  where the socket and the state file go ({@code /run/lowernet})
 * @param helloInterval babel's hello interval on the mesh interfaces; empty for babeld's default (4 s wired)
 */
public record BabelConfig(RouterId id, List<String> meshes, Set<String> tunnels, List<String> lans,
                          Optional<InetAddress> source,
                          Path runDirectory, Optional<Duration> helloInterval) {

    /** The kernel metric of the routes babeld installs. */
    public static final int KERNEL_PRIORITY = 2048;

    public BabelConfig {
        meshes = List.copyOf(meshes);
        tunnels = Set.copyOf(tunnels);
        if (!meshes.containsAll(tunnels)) {
            throw new IllegalArgumentException("tunnels " + tunnels + " are not all among the mesh interfaces " + meshes);
        }
        lans = List.copyOf(lans);
        source.ifPresent(s -> {
            if (s.getAddress().length != 4) {
                throw new IllegalArgumentException("babel's IPv4 source address " + Cidr.text(s) + " is not IPv4");
            }
        });
        if (meshes.isEmpty()) {
            throw new IllegalArgumentException("babel without a mesh interface has nobody to talk to");
        }
        helloInterval.ifPresent(h -> {
            if (h.toMillis() < 10 || h.toMillis() % 10 != 0) {
                throw new IllegalArgumentException("babel's hello interval " + h + " must be a multiple of 10 ms");
            }
        });
    }

    /** The socket babeld answers {@code dump} and {@code monitor} on (read-only: no configuration through it). */
    public Path socket() {
        return runDirectory.resolve("babeld.sock");
    }

    /** The file's text; the same config gives the same bytes. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("# Written by lowernet from lowernet.conf at every start; edits here are lost.\n");
        out.append("router-id ").append(id).append('\n');
        out.append("local-path ").append(socket()).append('\n');
        // The sequence number survives a restart of babeld (not a reboot: the run folder is in RAM).
        out.append("state-file ").append(runDirectory.resolve("babeld.state")).append('\n');
        // A cable pulled is a neighbour gone at once, not after the hello timeouts.
        out.append("link-detect true\n");
        out.append("kernel-priority ").append(KERNEL_PRIORITY).append('\n');
        String hello = helloInterval.map(h -> " hello-interval " + seconds(h)).orElse("");
        for (String mesh : meshes) {
            out.append("interface ").append(mesh).append(tunnels.contains(mesh) ? " type tunnel" : " type wired")
                    .append(hello).append('\n');
        }
        // Mesh links carry no IPv4 address: without a preferred source the kernel would pick any of the node's
        // addresses (its WAN address), or 192.0.0.8 when it has none.
        source.ifPresent(s -> out.append("install ip 0.0.0.0/0 le 32 pref-src ").append(Cidr.text(s)).append('\n'));
        // First match wins: LAN prefixes, lowernet's default routes, then nothing else.
        for (String lan : lans) {
            out.append("redistribute if ").append(lan).append('\n');
        }
        int lowernet = LinuxRtnetlink.RTPROT_LOWERNET;
        out.append("redistribute proto ").append(lowernet).append(" ip 0.0.0.0/0 eq 0\n");
        out.append("redistribute proto ").append(lowernet).append(" ip ::/0 eq 0\n");
        out.append("redistribute local deny\n");
        out.append("redistribute deny\n");
        return out.toString();
    }

    /** babeld's seconds with up to three decimals and no trailing zeros: 1, 0.5, 0.25 (not BigDecimal: Sntp#half). */
    static String seconds(Duration d) {
        long millis = d.toMillis();
        String whole = Long.toString(millis / 1000);
        String fraction = Long.toString(1000 + millis % 1000).substring(1).replaceFirst("0+$", "");
        return fraction.isEmpty() ? whole : whole + "." + fraction;
    }
}
