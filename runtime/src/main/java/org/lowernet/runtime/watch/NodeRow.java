package org.lowernet.runtime.watch;

import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One node as the table shows it at one moment; text fields are already free of control characters.
 *
 * @param lastSeen how long ago the node last sent anything live; empty when only retained messages came
 * @param uptime   seconds, as the node last reported
 * @param uplink   "up 198.51.100.2", "up, no address", "down", "absent", or "-" without a wan interface
 * @param version  software.firmware.release from nodeinfo
 * @param mesh     the node's mesh as its statistics said; empty for a node without mesh interfaces
 * @param tunnels  its WireGuard tunnels, "1/2 up"; empty for a node without tunnels
 */
public record NodeRow(String site, String node, Status status, Optional<Duration> lastSeen, OptionalDouble uptime,
                      OptionalDouble load, OptionalInt clients, String uplink, Optional<String> version,
                      Optional<Mesh> mesh, Optional<String> tunnels) {

    /**
     * The mesh cells.
     *
     * @param links   babel neighbours and the cheapest link, "2, best 96" ({@link Cells#links})
     * @param gateway the node whose uplink it uses: its name when a node of the site has that router id in its
     *                nodeinfo, else the router id; "self" for its own uplink, "-" for none
     */
    public record Mesh(String links, String gateway) {
    }

    /** In the order the table lists them: what needs a volunteer first. */
    public enum Status {
        /** The node said offline, or the broker said it for the node (its Last Will). */
        OFFLINE("offline"),
        /** Online by its status, but its statistics stopped (the node or its path to the broker is stuck). */
        STALE("stale"),
        /** Messages came, but no status yet. */
        UNKNOWN("-"),
        ONLINE("online");

        private final String word;

        Status(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** Offline first, then stale, unknown, online; within each by site, then by node name. */
    public static final Comparator<NodeRow> ORDER = Comparator.comparing(NodeRow::status)
            .thenComparing(NodeRow::site).thenComparing(NodeRow::node);
}
