package org.lowernet.runtime.names;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.lowernet.runtime.ip.Cidr;

/**
 * The mesh's names as this router's dnsmasq answers them: a hosts file with NODE.domain of every router
 * (itself included) and CLIENT.SELF.domain of its own LAN clients, and a servers file that sends
 * questions under OTHER.domain to that router. Pure; the same zone gives the same bytes.
 *
 * @param domain  mesh.domain ("mesh")
 * @param self    this router
 * @param others  the other routers, each name once
 * @param clients this router's LAN clients: name to address
 */
public record MeshZone(String domain, MeshNode self, List<MeshNode> others, Map<String, InetAddress> clients) {

    public MeshZone {
        others = List.copyOf(others);
        clients = new TreeMap<>(clients);
        Set<String> names = new HashSet<>(Set.of(self.name()));
        for (MeshNode node : others) {
            if (!names.add(node.name())) {
                throw new IllegalArgumentException("two routers named " + node.name() + " in the mesh zone");
            }
        }
    }

    /** For dnsmasq's hostsdir: {@code ADDRESS NAME} lines. */
    public String hosts() {
        StringBuilder out = new StringBuilder("# Written by lowernet: the routers of the mesh and this router's clients.\n");
        for (MeshNode node : nodes()) {
            node.addresses().forEach(a -> line(out, a, node.name() + "." + domain));
        }
        clients.forEach((name, address) -> line(out, address, name + "." + self.name() + "." + domain));
        return out.toString();
    }

    /** For dnsmasq's servers-file: a {@code server=/OTHER.domain/ADDRESS} line per other router. */
    public String servers() {
        StringBuilder out = new StringBuilder("# Written by lowernet: each router answers for its own clients.\n");
        for (MeshNode node : others) {
            out.append("server=/").append(node.name()).append('.').append(domain).append('/')
                    .append(Cidr.text(node.addresses().getFirst())).append('\n');
        }
        return out.toString();
    }

    private List<MeshNode> nodes() {
        return Stream.concat(Stream.of(self), others.stream()).toList();
    }

    private static void line(StringBuilder out, InetAddress address, String name) {
        out.append(Cidr.text(address)).append(' ').append(name).append('\n');
    }
}
