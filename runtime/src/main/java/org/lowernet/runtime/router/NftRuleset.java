package org.lowernet.runtime.router;

import com.eclipsesource.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The router's nftables ruleset, in lowernet's own table only ({@code table inet lowernet}; other tables are
 * never touched). Input and forward drop by default: the LAN may reach the router's DHCP, DNS, ICMP and SSH
 * (when enabled) and be forwarded to the WAN, masqueraded; the WAN gets nothing but replies, DHCP offers and
 * the WireGuard tunnels' listen ports (UDP).
 * The text starts by creating and deleting the table, so {@code nft -f} replaces it in one transaction.
 *
 * <p>Mesh interfaces: the router accepts babel (UDP {@value #BABEL_PORT} from link-local addresses), DNS, ICMP,
 * respondd (UDP {@value #RESPONDD_PORT}) and SSH (when enabled) from them, nothing else. It forwards between
 * mesh links (transit), from the LAN to the mesh, from the mesh to the WAN (masqueraded there, as every source
 * leaving through the WAN is) and from the mesh to the LAN, unless {@code isolated}: then the mesh gets only
 * replies from the LAN.
 *
 * @param lans     the LAN interfaces
 * @param meshes   the mesh interfaces
 * @param wan      the WAN interface; without one nothing is forwarded to an uplink
 * @param ssh      whether the LAN and the mesh may open SSH (port 22) on the router
 * @param isolated whether the mesh may open connections to this node's LAN ({@code mesh.policy = isolated}: no)
 * @param tunnelPorts the UDP ports the tunnels listen on, opened on the WAN (a tunnel itself is a mesh interface)
 */
public record NftRuleset(List<String> lans, List<String> meshes, Optional<String> wan, boolean ssh,
                         boolean isolated, SortedSet<Integer> tunnelPorts) {

    /** babel's UDP port (RFC 8966). */
    public static final int BABEL_PORT = 6696;
    /** Freifunk respondd's UDP port. */
    public static final int RESPONDD_PORT = 1001;

    public static final String FAMILY = "inet";
    public static final String TABLE = "lowernet";

    /** What a chain must look like in the kernel: its hook, policy and number of rules. */
    public record Chain(String hook, String policy, List<String> rules) {
    }

    public NftRuleset {
        lans = List.copyOf(lans);
        meshes = List.copyOf(meshes);
        tunnelPorts = Collections.unmodifiableSortedSet(new TreeSet<>(tunnelPorts));
    }

    /** A router without tunnels. */
    public NftRuleset(List<String> lans, List<String> meshes, Optional<String> wan, boolean ssh, boolean isolated) {
        this(lans, meshes, wan, ssh, isolated, new TreeSet<>());
    }

    /** A router without mesh interfaces. */
    public NftRuleset(List<String> lans, Optional<String> wan, boolean ssh) {
        this(lans, List.of(), wan, ssh, false);
    }

    /** The chains, in the order they are written. */
    public Map<String, Chain> chains() {
        Map<String, Chain> chains = new LinkedHashMap<>();
        List<String> input = new ArrayList<>(List.of(
                "iif \"lo\" accept",
                "ct state established,related accept",
                "ct state invalid drop",
                // Neighbour discovery keeps IPv6 links working; it never leaves the link.
                "icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } accept"));
        // udhcpc's renewals are unicast UDP to port 68 that conntrack has not seen leave.
        wan.ifPresent(w -> input.add("iifname \"" + w + "\" udp sport 67 udp dport 68 accept"));
        if (!tunnelPorts.isEmpty()) {
            List<String> ports = tunnelPorts.stream().map(String::valueOf).toList();
            wan.ifPresent(w -> input.add("iifname \"" + w + "\" udp dport "
                    + (ports.size() == 1 ? ports.getFirst() : "{ " + String.join(", ", ports) + " }") + " accept"));
        }
        for (String lan : lans) {
            input.add("iifname \"" + lan + "\" udp dport 67 accept");
            input.add("iifname \"" + lan + "\" meta l4proto { tcp, udp } th dport 53 accept");
            input.add("iifname \"" + lan + "\" meta l4proto { icmp, ipv6-icmp } accept");
            if (ssh) {
                input.add("iifname \"" + lan + "\" tcp dport 22 accept");
            }
        }
        if (!meshes.isEmpty()) {
            String mesh = "iifname " + names(meshes);
            input.add(mesh + " ip6 saddr fe80::/10 udp dport " + BABEL_PORT + " accept");
            input.add(mesh + " meta l4proto { tcp, udp } th dport 53 accept");
            input.add(mesh + " meta l4proto { icmp, ipv6-icmp } accept");
            input.add(mesh + " udp dport " + RESPONDD_PORT + " accept");
            if (ssh) {
                input.add(mesh + " tcp dport 22 accept");
            }
        }
        chains.put("input", new Chain("input", "drop", input));
        List<String> forward = new ArrayList<>(List.of("ct state established,related accept"));
        wan.ifPresent(w -> lans.forEach(lan -> forward.add("iifname \"" + lan + "\" oifname \"" + w + "\" accept")));
        if (!meshes.isEmpty()) {
            String from = "iifname " + names(meshes);
            String to = "oifname " + names(meshes);
            forward.add(from + " " + to + " accept");
            if (!lans.isEmpty()) {
                forward.add("iifname " + names(lans) + " " + to + " accept");
                if (!isolated) {
                    forward.add(from + " oifname " + names(lans) + " accept");
                }
            }
            wan.ifPresent(w -> forward.add(from + " oifname \"" + w + "\" accept"));
        }
        chains.put("forward", new Chain("forward", "drop", forward));
        chains.put("postrouting", new Chain("postrouting", "accept",
                wan.map(w -> List.of("oifname \"" + w + "\" masquerade")).orElse(List.of())));
        return chains;
    }

    /** One interface name quoted, or several as an anonymous set: {@code { "m0", "m1" }}. */
    private static String names(List<String> interfaces) {
        List<String> quoted = interfaces.stream().map(name -> "\"" + name + "\"").toList();
        return quoted.size() == 1 ? quoted.getFirst() : "{ " + String.join(", ", quoted) + " }";
    }

    /** The file for {@code nft -f}. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append("# Written by lowernet from lowernet.conf; loaded with nft -f as one transaction.\n");
        out.append("table ").append(FAMILY).append(' ').append(TABLE).append(" {\n}\n");
        out.append("delete table ").append(FAMILY).append(' ').append(TABLE).append('\n');
        out.append("table ").append(FAMILY).append(' ').append(TABLE).append(" {\n");
        chains().forEach((name, chain) -> {
            String type = chain.hook().equals("postrouting") ? "nat" : "filter";
            String priority = chain.hook().equals("postrouting") ? "srcnat" : "filter";
            out.append("\tchain ").append(name).append(" {\n");
            out.append("\t\ttype ").append(type).append(" hook ").append(chain.hook()).append(" priority ")
                    .append(priority).append("; policy ").append(chain.policy()).append(";\n");
            chain.rules().forEach(rule -> out.append("\t\t").append(rule).append('\n'));
            out.append("\t}\n");
        });
        out.append("}\n");
        return out.toString();
    }

    /**
     * What differs between this ruleset and {@code nft -j list table inet lowernet}'s output; empty when
     * every chain is there with its hook, policy and number of rules.
     */
    public List<String> differences(String json) {
        Map<String, String[]> found = new LinkedHashMap<>();
        Map<String, Integer> ruleCounts = new LinkedHashMap<>();
        for (JsonObject object : NftJson.objects(json, "chain")) {
            found.put(NftJson.field(object, "name"), new String[] {NftJson.field(object, "hook"),
                    NftJson.field(object, "policy")});
        }
        for (JsonObject object : NftJson.objects(json, "rule")) {
            ruleCounts.merge(NftJson.field(object, "chain"), 1, Integer::sum);
        }
        List<String> differences = new ArrayList<>();
        chains().forEach((name, chain) -> {
            String[] actual = found.remove(name);
            if (actual == null) {
                differences.add("chain " + name + " is missing");
                return;
            }
            if (!chain.hook().equals(actual[0]) || !chain.policy().equals(actual[1])) {
                differences.add("chain " + name + ": hook " + actual[0] + ", policy " + actual[1] + " instead of hook "
                        + chain.hook() + ", policy " + chain.policy());
            }
            int rules = ruleCounts.getOrDefault(name, 0);
            if (rules != chain.rules().size()) {
                differences.add("chain " + name + ": " + rules + " rules instead of " + chain.rules().size());
            }
        });
        found.keySet().forEach(name -> differences.add("chain " + name + " is not lowernet's"));
        return differences;
    }
}
