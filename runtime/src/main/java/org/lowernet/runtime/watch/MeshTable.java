package org.lowernet.runtime.watch;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.health.MeshNeighbour;
import org.lowernet.runtime.respondd.NodeAnswer;
import org.lowernet.runtime.respondd.RespondClient;

/**
 * The nodes of one respondd round as text, as far as respondd has what the MQTT table shows: NODE (its name,
 * else its id), ID, ADDRESS (its first address from nodeinfo, else the one it answered from), UPTIME, LOAD,
 * CLIENTS, GATEWAY, LINKS (babel neighbours and the best cost), VERSION (dropped when the line would pass
 * {@value NodeTable#WIDTH} columns). Unreadable answers follow, one line each. Pure: same round, same text.
 */
final class MeshTable {

    /** More unreadable answers than this are counted, not listed: one broken node must not fill the screen. */
    static final int MAX_ERRORS = 5;

    private static final List<TextTable.Column<NodeAnswer>> COLUMNS = List.of(
            new TextTable.Column<>("NODE", false, n -> Cells.clean(n.hostname().orElse(n.nodeId()))),
            new TextTable.Column<>("ID", false, n -> Cells.clean(n.nodeId())),
            new TextTable.Column<>("ADDRESS", false, MeshTable::address),
            new TextTable.Column<>("UPTIME", false, n -> Cells.uptime(n.uptime())),
            new TextTable.Column<>("LOAD", true, n -> Cells.load(n.load())),
            new TextTable.Column<>("CLIENTS", true, n -> n.clients().isPresent() && n.clients().getAsInt() >= 0
                    ? Integer.toString(n.clients().getAsInt()) : "-"),
            new TextTable.Column<>("GATEWAY", false, n -> n.gateway().map(g -> Cells.clean(g, Cells.MAX_ADDRESS))
                    .orElse("-")),
            new TextTable.Column<>("LINKS", false, MeshTable::links));
    private static final TextTable.Column<NodeAnswer> VERSION =
            new TextTable.Column<>("VERSION", false, n -> n.release().map(Cells::clean).orElse("-"));

    private MeshTable() {
    }

    static String render(String iface, Instant now, RespondClient.Result result) {
        List<NodeAnswer> nodes = result.nodes().stream()
                .sorted(Comparator.comparing((NodeAnswer n) -> n.hostname().orElse(n.nodeId())).thenComparing(NodeAnswer::nodeId))
                .toList();
        StringBuilder text = new StringBuilder("--- ").append(now.truncatedTo(ChronoUnit.SECONDS)).append(", ")
                .append(nodes.size()).append(nodes.size() == 1 ? " node" : " nodes").append(" answered on ")
                .append(iface);
        if (!result.errors().isEmpty()) {
            text.append(", ").append(result.errors().size()).append(" unreadable");
        }
        text.append('\n');
        List<TextTable.Column<NodeAnswer>> columns = new ArrayList<>(COLUMNS);
        columns.add(VERSION);
        if (TextTable.width(columns, nodes) > NodeTable.WIDTH) {
            columns.removeLast();
        }
        TextTable.append(text, columns, nodes);
        if (nodes.isEmpty()) {
            text.append("(no node answered)\n");
        }
        result.errors().stream().limit(MAX_ERRORS)
                .forEach(e -> text.append("unreadable: ").append(Cells.clean(e, 2 * NodeTable.WIDTH)).append('\n'));
        if (result.errors().size() > MAX_ERRORS) {
            text.append("(and ").append(result.errors().size() - MAX_ERRORS).append(" more)\n");
        }
        return text.toString();
    }

    private static String address(NodeAnswer node) {
        String address = node.addresses().isEmpty() ? Cidr.text(node.from().getAddress())
                : node.addresses().getFirst();
        return Cells.clean(address, Cells.MAX_ADDRESS);
    }

    private static String links(NodeAnswer node) {
        return Cells.links(node.links().stream().map(MeshNeighbour::cost).toList());
    }
}
