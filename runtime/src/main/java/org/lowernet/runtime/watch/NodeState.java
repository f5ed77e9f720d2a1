package org.lowernet.runtime.watch;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.lowernet.runtime.json.UntrustedJson;

/**
 * What one node's messages said so far. A field a message lacks, or has with the wrong type, shows as
 * unknown rather than failing the message: nodes of other versions may add or drop fields.
 */
final class NodeState {

    /** Statistics are late after this many intervals; 3 tolerates one lost message and some jitter. */
    static final int STALE_INTERVALS = 3;
    /** The interval assumed until two consecutive statistics show it: 3 × mqtt.interval's default 30 s. */
    static final Duration STALE_UNKNOWN = Duration.ofSeconds(90);

    /** mqtt.interval's minimum: closer statistics are a replay or a confused clock, not an interval. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private final String site;
    private final String node;
    private final Instant firstSeen;
    private Optional<Boolean> online = Optional.empty();
    private Optional<Instant> lastSeen = Optional.empty();
    private Optional<Instant> lastStatistics = Optional.empty();
    private Optional<Duration> interval = Optional.empty();
    private long lastSeq = -1;
    private Optional<Instant> lastTime = Optional.empty();
    private OptionalDouble uptime = OptionalDouble.empty();
    private OptionalDouble load = OptionalDouble.empty();
    private OptionalInt clients = OptionalInt.empty();
    private String uplink = "-";
    private Optional<String> version = Optional.empty();
    private Optional<String> routerId = Optional.empty();
    private Optional<List<Integer>> linkCosts = Optional.empty();
    private Optional<String> gateway = Optional.empty();
    private Optional<String> tunnels = Optional.empty();

    NodeState(String site, String node, Instant firstSeen) {
        this.site = site;
        this.node = node;
        this.firstSeen = firstSeen;
    }

    /** A retained message is the broker's memory, not the node speaking now: it does not count as seen. */
    private void heard(boolean retained, Instant at) {
        if (!retained) {
            lastSeen = Optional.of(at);
        }
    }

    void status(boolean isOnline, boolean retained, Instant at) {
        online = Optional.of(isOnline);
        heard(retained, at);
    }

    void nodeinfo(JsonObject json, boolean retained, Instant at) {
        // The slot's version, and a trial's progress, where the node runs from system slots.
        Optional<String> slot = text(json, "update", "version");
        OptionalDouble attempt = number(json, "update", "try");
        OptionalDouble tries = number(json, "update", "max_tries");
        version = slot.isEmpty() ? text(json, "software", "firmware", "release")
                : Optional.of(slot.get() + (text(json, "update", "state").filter("trial"::equals).isPresent()
                        ? " trial " + (attempt.isPresent() ? (int) attempt.getAsDouble() : "?") + "/"
                        + (tries.isPresent() ? (int) tries.getAsDouble() : "?") : ""));
        routerId = text(json, "router_id");
        heard(retained, at);
    }

    void statistics(JsonObject json, boolean retained, Instant at) {
        heard(retained, at);
        lastStatistics = Optional.of(at);
        uptime = number(json, "uptime");
        load = number(json, "loadavg");
        OptionalDouble total = number(json, "clients", "total");
        clients = total.isPresent() ? OptionalInt.of((int) Math.min(Integer.MAX_VALUE, total.getAsDouble()))
                : OptionalInt.empty();
        uplink = uplink(json.get("interfaces"));
        Optional<JsonObject> mesh = at(json, "mesh").filter(JsonValue::isObject).map(JsonValue::asObject);
        linkCosts = mesh.map(m -> at(m, "neighbours").filter(JsonValue::isArray).stream()
                .flatMap(a -> a.asArray().values().stream()).map(n -> number(n, "cost"))
                .filter(OptionalDouble::isPresent).map(c -> (int) c.getAsDouble()).toList());
        gateway = mesh.flatMap(m -> text(m, "gateway", "router"));
        tunnels = at(json, "tunnels").filter(JsonValue::isArray).map(JsonValue::asArray)
                .map(list -> list.values().stream().filter(t -> text(t, "status").filter("up"::equals).isPresent())
                        .count() + "/" + list.size() + " up");
        // The node's own clock spaces its statistics truly; arrival times bunch up after a reconnect flush.
        OptionalDouble seq = number(json, "seq");
        Optional<Instant> time = text(json, "time").flatMap(NodeState::instant);
        if (seq.isPresent() && time.isPresent() && lastTime.isPresent() && (long) seq.getAsDouble() == lastSeq + 1) {
            Duration between = Duration.between(lastTime.get(), time.get());
            interval = between.compareTo(MIN_INTERVAL) >= 0 ? Optional.of(between) : interval;
        }
        lastSeq = seq.isPresent() ? (long) seq.getAsDouble() : -1;
        lastTime = time;
    }

    /** The node's babel router id, from its nodeinfo. */
    Optional<String> routerId() {
        return routerId;
    }

    String site() {
        return site;
    }

    String node() {
        return node;
    }

    /** @param names the site's node names by router id, for the gateway */
    NodeRow row(Instant now, Map<String, String> names) {
        Optional<NodeRow.Mesh> mesh = linkCosts.map(costs -> new NodeRow.Mesh(Cells.links(costs),
                gateway.map(g -> names.getOrDefault(g, g)).orElse("-")));
        return new NodeRow(site, node, status(now), lastSeen.map(seen -> Duration.between(seen, now)), uptime, load,
                clients, uplink, version, mesh, tunnels);
    }

    private NodeRow.Status status(Instant now) {
        if (online.isEmpty()) {
            return NodeRow.Status.UNKNOWN;
        }
        if (!online.get()) {
            return NodeRow.Status.OFFLINE;
        }
        Duration allowed = interval.map(i -> Duration.ofMillis(STALE_INTERVALS * i.toMillis())).orElse(STALE_UNKNOWN);
        Instant since = lastStatistics.orElse(firstSeen);
        return Duration.between(since, now).compareTo(allowed) > 0 ? NodeRow.Status.STALE : NodeRow.Status.ONLINE;
    }

    /** The first wan interface: its carrier, and its first address without the prefix length. */
    private static String uplink(JsonValue interfaces) {
        if (interfaces == null || !interfaces.isArray()) {
            return "-";
        }
        for (JsonValue value : interfaces.asArray()) {
            if (!value.isObject() || !"wan".equals(text(value.asObject(), "role").orElse(null))) {
                continue;
            }
            JsonObject wan = value.asObject();
            if (at(wan, "present").filter(JsonValue::isFalse).isPresent()) {
                return "absent";
            }
            if (at(wan, "carrier").filter(JsonValue::isTrue).isEmpty()) {
                return "down";
            }
            // IPv4 first: the address a volunteer compares with the upstream router's lease list.
            List<String> addresses = at(wan, "addresses").filter(JsonValue::isArray).stream()
                    .flatMap(a -> a.asArray().values().stream()).filter(JsonValue::isString).map(JsonValue::asString)
                    .map(a -> a.contains("/") ? a.substring(0, a.indexOf('/')) : a)
                    .sorted(Comparator.comparing(a -> a.contains(":"))).toList();
            if (!addresses.isEmpty()) {
                return "up " + Cells.clean(addresses.getFirst(), Cells.MAX_ADDRESS);
            }
            return "up, no address";
        }
        return "-";
    }

    private static Optional<JsonValue> at(JsonValue json, String... path) {
        return UntrustedJson.at(json, path);
    }

    private static Optional<String> text(JsonValue json, String... path) {
        return UntrustedJson.text(json, path).map(Cells::clean);
    }

    private static OptionalDouble number(JsonValue json, String... path) {
        return UntrustedJson.number(json, path);
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
