package org.lowernet.runtime.router;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.config.LanConfig;
import org.lowernet.runtime.ip.Cidr;

/**
 * The dnsmasq.conf the runtime writes from lowernet.conf: DHCP and DNS on the LAN interfaces only (bound to
 * them, never answering on the WAN), the local domain answered locally, upstream servers from a resolv file
 * the WAN side keeps (dnsmasq re-reads it when it changes), leases in a file that survives restarts of dnsmasq
 * and, on the data partition, reboots (clients keep their addresses).
 *
 * @param lans      the LAN interfaces, served
 * @param wan       the WAN interface, excluded explicitly
 * @param lan       address, DHCP range, lease time and domain
 * @param leaseFile the lease database (on the data partition, /data, on the device; in RAM without it)
 * @param resolv    the upstream servers, written by {@link ResolvFile}
 * @param automatic the LAN follows the node's mesh prefix: its addresses change while dnsmasq runs, and it has an
 *                  IPv6 /64 (the router's ::1 on the interface) that router advertisements give the clients
 * @param mesh      on a mesh: the mesh domain's names, answered from files the runtime keeps
 */
public record DnsmasqConfig(List<String> lans, Optional<String> wan, LanConfig lan, Path leaseFile, Path resolv,
                            boolean automatic, Optional<MeshNames> mesh) {

    /**
     * The mesh domain ({@code mesh.domain}): never asked upstream; its names are in a hosts file in {@code hostsDir}
     * (dnsmasq reads a changed file there by itself) and each other router's own names are asked of it, as
     * {@code serversFile} says (re-read on SIGHUP). Other routers ask at the LAN address across {@code ports}, the
     * mesh interfaces.
     */
    public record MeshNames(String domain, Path hostsDir, Path serversFile, List<String> ports) {
        public MeshNames {
            ports = List.copyOf(ports);
        }
    }

    /** Without a mesh. */
    public DnsmasqConfig(List<String> lans, Optional<String> wan, LanConfig lan, Path leaseFile, Path resolv,
                         boolean automatic) {
        this(lans, wan, lan, leaseFile, resolv, automatic, Optional.empty());
    }

    public DnsmasqConfig {
        lans = List.copyOf(lans);
        if (lans.isEmpty()) {
            throw new IllegalArgumentException("dnsmasq without a LAN interface has nothing to serve");
        }
    }

    /** The file's text; the same config gives the same bytes. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("# Written by lowernet from lowernet.conf at every start; edits here are lost.\n");
        for (String name : lans) {
            out.append("interface=").append(name).append('\n');
        }
        wan.ifPresent(name -> out.append("except-interface=").append(name).append('\n'));
        // Only the LAN addresses get sockets: a query arriving on the WAN finds nothing listening. bind-dynamic also
        // binds addresses that appear later: a moved prefix's, and an IPv6 address still in duplicate detection.
        out.append(automatic ? "bind-dynamic\n" : "bind-interfaces\n");
        out.append("dhcp-authoritative\n");
        out.append("dhcp-range=").append(lan.dhcpRange().start()).append(',').append(lan.dhcpRange().end())
                .append(',').append(mask(lan.address().prefixLength())).append(',')
                .append(lan.dhcpLease().toSeconds()).append('\n');
        if (automatic) {
            // SLAAC only (ra-only): clients make their addresses from the /64 of the interface's ULA address; no
            // DHCPv6, so the firewall needs nothing new. The prefix lives as long as a DHCPv4 lease.
            out.append("enable-ra\n");
            for (String name : lans) {
                out.append("dhcp-range=::,constructor:").append(name).append(",ra-only,64,")
                        .append(lan.dhcpLease().toSeconds()).append('\n');
            }
        }
        String router = Cidr.text(lan.address().address());
        out.append("dhcp-option=option:router,").append(router).append('\n');
        out.append("dhcp-option=option:dns-server,").append(router).append('\n');
        out.append("dhcp-leasefile=").append(leaseFile).append('\n');
        out.append("domain=").append(lan.domain()).append('\n');
        // Names in the local domain are never sent upstream; expand-hosts gives DHCP clients NAME.domain.
        out.append("local=/").append(lan.domain()).append("/\n");
        out.append("expand-hosts\n");
        mesh.ifPresent(names -> {
            // bind-dynamic, like dnsmasq's default, drops a query that arrives on an interface not named here, even
            // one to the LAN address: the mesh ports are named (DNS only), so that other routers' queries are answered.
            if (automatic) {
                names.ports().forEach(port -> out.append("interface=").append(port).append('\n')
                        .append("no-dhcp-interface=").append(port).append('\n'));
            }
            out.append("local=/").append(names.domain()).append("/\n");
            out.append("hostsdir=").append(names.hostsDir()).append('\n');
            out.append("servers-file=").append(names.serversFile()).append('\n');
        });
        out.append("domain-needed\n");
        out.append("bogus-priv\n");
        out.append("resolv-file=").append(resolv).append('\n');
        out.append("cache-size=1000\n");
        out.append("log-dhcp\n");
        return out.toString();
    }

    /** The dotted netmask of a prefix length: 24 → 255.255.255.0. */
    static String mask(int prefix) {
        long bits = prefix == 0 ? 0 : 0xFFFFFFFFL << (32 - prefix) & 0xFFFFFFFFL;
        return (bits >> 24 & 0xFF) + "." + (bits >> 16 & 0xFF) + "." + (bits >> 8 & 0xFF) + "." + (bits & 0xFF);
    }
}
