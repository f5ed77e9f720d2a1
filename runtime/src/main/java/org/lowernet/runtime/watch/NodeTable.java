package org.lowernet.runtime.watch;

import com.eclipsesource.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lowernet.runtime.json.UntrustedJson;

/**
 * Every node of a watch: folds received messages into {@link NodeRow}s and renders them as text. Pure: the
 * caller says when each message arrived and what time it is now, so a fixed clock gives a fixed table.
 *
 * <p>Rows are sorted for a volunteer scanning for trouble: offline nodes at the top, then stale ones (online,
 * but statistics late by {@value NodeState#STALE_INTERVALS} intervals, or 90 s while the interval is
 * unknown), then nodes without a status, then online ones; within each, by site and name. Columns: NODE,
 * STATUS, LAST SEEN (the last live message of any kind; retained ones are the broker's memory), UPTIME,
 * LOAD (one minute), CLIENTS (DHCP leases), UPLINK (the wan interface), GATEWAY and LINKS when any node has a mesh
 * (the node whose uplink it uses, by name; its babel neighbours and cheapest link), TUNNELS when any node has
 * WireGuard tunnels (how many of them had a handshake lately), VERSION (dropped when the line would
 * pass {@value #WIDTH} columns; only names near their cut of 32 characters make it wider still); SITE first when watching every site.
 *
 * <p>Thread-safe: Paho's callback thread adds messages while the drawing thread renders.
 */
public final class NodeTable {

    /** A health message is a few KB; more is a mistake or an attack, not a node. */
    public static final int MAX_PAYLOAD = 64 * 1024;
    /** Bounds memory when someone publishes under many made-up node names. */
    public static final int MAX_NODES = 10_000;
    /** The widest line the table aims for, so that it fits a laptop's terminal beside another window. */
    static final int WIDTH = 100;

    private static final TextTable.Column<NodeRow> SITE = new TextTable.Column<>("SITE", false, NodeRow::site);
    private static final List<TextTable.Column<NodeRow>> COLUMNS = List.of(
            new TextTable.Column<>("NODE", false, NodeRow::node),
            new TextTable.Column<>("STATUS", false, row -> row.status().word()),
            new TextTable.Column<>("LAST SEEN", false, row -> row.lastSeen().map(Cells::age).orElse("-")),
            new TextTable.Column<>("UPTIME", false, row -> Cells.uptime(row.uptime())),
            new TextTable.Column<>("LOAD", true, row -> Cells.load(row.load())),
            new TextTable.Column<>("CLIENTS", true, row -> row.clients().isPresent() && row.clients().getAsInt() >= 0
                    ? Integer.toString(row.clients().getAsInt()) : "-"),
            new TextTable.Column<>("UPLINK", false, NodeRow::uplink));
    /** As the respondd table has them ({@link MeshTable}), shown when any node has a mesh. */
    private static final List<TextTable.Column<NodeRow>> MESH = List.of(
            new TextTable.Column<>("GATEWAY", false, row -> row.mesh().map(NodeRow.Mesh::gateway).orElse("-")),
            new TextTable.Column<>("LINKS", false, row -> row.mesh().map(NodeRow.Mesh::links).orElse("-")));
    /** Shown when any node has WireGuard tunnels. */
    private static final TextTable.Column<NodeRow> TUNNELS =
            new TextTable.Column<>("TUNNELS", false, row -> row.tunnels().orElse("-"));
    private static final TextTable.Column<NodeRow> VERSION =
            new TextTable.Column<>("VERSION", false, row -> row.version().orElse("-"));

    private final WatchTopics topics;
    /** Keyed by site and node name: two sites may both have a "pi-1". */
    private final Map<List<String>, NodeState> nodes = new HashMap<>();
    private long received;
    private long ignored;

    public NodeTable(WatchTopics topics) {
        this.topics = topics;
    }

    /**
     * Folds in one message that arrived at {@code at}; returns false when it was ignored: a topic outside the
     * watch, an oversized payload, a status other than online/offline, JSON that does not parse to an object,
     * or a new node beyond {@link #MAX_NODES}.
     */
    public synchronized boolean accept(String topic, byte[] payload, boolean retained, Instant at) {
        received++;
        Optional<WatchTopics.Address> address = topics.parse(topic);
        if (address.isEmpty() || payload.length > MAX_PAYLOAD) {
            return ignore();
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        String kind = address.get().kind();
        Optional<JsonObject> json = kind.equals("status") ? Optional.empty() : UntrustedJson.object(text);
        if (kind.equals("status") ? !text.equals("online") && !text.equals("offline") : json.isEmpty()) {
            return ignore();
        }
        List<String> key = List.of(Cells.clean(address.get().site()), Cells.clean(address.get().node()));
        NodeState node = nodes.get(key);
        if (node == null) {
            if (nodes.size() >= MAX_NODES) {
                return ignore();
            }
            node = new NodeState(key.get(0), key.get(1), at);
            nodes.put(key, node);
        }
        switch (kind) {
            case "status" -> node.status(text.equals("online"), retained, at);
            case "nodeinfo" -> node.nodeinfo(json.get(), retained, at);
            default -> node.statistics(json.get(), retained, at);
        }
        return true;
    }

    private boolean ignore() {
        ignored++;
        return false;
    }

    /** Messages received so far, ignored ones included: a change means the table may have changed. */
    public synchronized long received() {
        return received;
    }

    public synchronized long ignored() {
        return ignored;
    }

    /** Every node as of {@code now}, in the table's order; gateways by name where a node of the site has the id. */
    public synchronized List<NodeRow> rows(Instant now) {
        Map<String, Map<String, String>> names = new HashMap<>();
        for (NodeState node : nodes.values()) {
            node.routerId().ifPresent(id -> names.computeIfAbsent(node.site(), s -> new HashMap<>()).put(id, node.node()));
        }
        return nodes.values().stream().map(node -> node.row(now, names.getOrDefault(node.site(), Map.of())))
                .sorted(NodeRow.ORDER).toList();
    }

    /** The header line, the column titles and one line per node, each line ending in a newline. */
    public synchronized String render(Instant now) {
        List<NodeRow> rows = rows(now);
        StringBuilder text = new StringBuilder(header(now, rows)).append('\n');
        List<TextTable.Column<NodeRow>> columns = new ArrayList<>(COLUMNS);
        if (topics.allSites()) {
            columns.addFirst(SITE);
        }
        if (rows.stream().anyMatch(row -> row.mesh().isPresent())) {
            columns.addAll(MESH);
        }
        if (rows.stream().anyMatch(row -> row.tunnels().isPresent())) {
            columns.add(TUNNELS);
        }
        columns.add(VERSION);
        if (TextTable.width(columns, rows) > WIDTH) {
            columns.removeLast();
        }
        TextTable.append(text, columns, rows);
        if (rows.isEmpty()) {
            text.append("(no node has reported yet)\n");
        }
        return text.toString();
    }

    /** "--- 2026-11-22T01:50:03Z, 2 nodes (1 online, 1 offline)", with stale, unknown and ignored when any. */
    private String header(Instant now, List<NodeRow> rows) {
        Map<NodeRow.Status, Integer> counts = new EnumMap<>(NodeRow.Status.class);
        rows.forEach(row -> counts.merge(row.status(), 1, Integer::sum));
        StringBuilder text = new StringBuilder("--- ").append(now.truncatedTo(ChronoUnit.SECONDS)).append(", ")
                .append(rows.size()).append(rows.size() == 1 ? " node (" : " nodes (")
                .append(counts.getOrDefault(NodeRow.Status.ONLINE, 0)).append(" online, ")
                .append(counts.getOrDefault(NodeRow.Status.OFFLINE, 0)).append(" offline");
        if (counts.containsKey(NodeRow.Status.STALE)) {
            text.append(", ").append(counts.get(NodeRow.Status.STALE)).append(" stale");
        }
        if (counts.containsKey(NodeRow.Status.UNKNOWN)) {
            text.append(", ").append(counts.get(NodeRow.Status.UNKNOWN)).append(" without status");
        }
        text.append(')');
        if (ignored > 0) {
            text.append(", ").append(ignored).append(" ignored");
        }
        return text.toString();
    }

}
