package org.lowernet.runtime.respondd;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.util.List;
import org.lowernet.runtime.health.MeshNeighbour;
import org.lowernet.runtime.health.MeshState;
import org.lowernet.runtime.health.NodeInfo;
import org.lowernet.runtime.health.Statistics;

/**
 * What respondd answers, built from the health package's {@link NodeInfo} and {@link Statistics} (the same
 * readings MQTT reports, never read twice) plus the mesh: the respondd fields of those messages, under the
 * names yanic and meshviewer read. RESPONDD.md lists every field; {@code RespondSchemaTest} keeps it in step.
 */
public final class Answers {

    /** The parts of MQTT's nodeinfo respondd sends; lowernet's own (boot, ssh, kernel) stay on MQTT. */
    static final List<String> NODEINFO_FIELDS = List.of("node_id", "hostname", "hardware.model",
            "software.firmware.release", "network.mac", "network.addresses", "location.latitude",
            "location.longitude");
    /** The parts of MQTT's statistics respondd sends: respondd's own names only. */
    static final List<String> STATISTICS_FIELDS = List.of("node_id", "uptime", "loadavg", "processes.running",
            "processes.total", "memory.total", "memory.free", "memory.available", "clients.total",
            "traffic.rx.bytes", "traffic.tx.bytes");
    /** What meshviewer shows as the firmware's base: the system, beside its release. */
    static final String BASE = "lowernet";

    private Answers() {
    }

    /** nodeinfo: the node, its site as system.site_code, and its mesh interfaces' MACs under network.mesh.babel. */
    public static JsonObject nodeinfo(NodeInfo info, List<MeshInterface> mesh) {
        JsonObject json = pick(info.toJson(), NODEINFO_FIELDS);
        object(json, "software", "firmware").add("base", BASE);
        json.add("system", Json.object().add("site_code", info.site()));
        JsonArray macs = new JsonArray();
        mesh.forEach(i -> i.mac().ifPresent(macs::add));
        object(json, "network", "mesh", "babel", "interfaces").add("other", macs);
        return json;
    }

    /**
     * statistics: the node's health, and the gateway in use when it is another node's (respondd has no word for a
     * node's own uplink: Gluon's gateways leave the field out too). The gateway is the one MQTT's statistics carry.
     */
    public static JsonObject statistics(Statistics statistics) {
        JsonObject json = pick(statistics.toJson(), STATISTICS_FIELDS);
        statistics.mesh().flatMap(MeshState::gateway).filter(g -> !g.own()).ifPresent(g -> {
            json.add("gateway", g.router());
            g.via().ifPresent(v -> json.add("gateway_nexthop", v));
        });
        return json;
    }

    /**
     * neighbours: per mesh interface ({@code babel.<iface>}) its own link-local address and each babel
     * neighbour heard there with its cost, as Gluon's babel provider and yanic's BabelNeighbours have them.
     * Neighbours on an interface not in {@code mesh} are left out.
     */
    public static JsonObject neighbours(String nodeId, List<MeshInterface> mesh, List<MeshNeighbour> neighbours) {
        JsonObject babel = Json.object();
        for (MeshInterface iface : mesh) {
            JsonObject heard = Json.object();
            neighbours.stream().filter(n -> n.iface().equals(iface.name()))
                    .forEach(n -> heard.set(n.address(), Json.object().add("cost", n.cost())));
            JsonObject entry = Json.object().add("protocol", "babel");
            iface.linkLocal().ifPresent(a -> entry.add("ll-addr", a));
            babel.add(iface.name(), entry.add("neighbours", heard));
        }
        return Json.object().add("node_id", nodeId).add("babel", babel);
    }

    /** The members of {@code source} at the dotted {@code paths} that it has, in the order of the paths. */
    static JsonObject pick(JsonObject source, List<String> paths) {
        JsonObject out = Json.object();
        for (String path : paths) {
            String[] names = path.split("\\.");
            JsonValue value = source;
            for (String name : names) {
                value = value != null && value.isObject() ? value.asObject().get(name) : null;
            }
            if (value != null) {
                String[] parents = java.util.Arrays.copyOf(names, names.length - 1);
                object(out, parents).add(names[names.length - 1], value);
            }
        }
        return out;
    }

    /** The object at {@code path} below {@code json}, made where missing. */
    private static JsonObject object(JsonObject json, String... path) {
        JsonObject current = json;
        for (String name : path) {
            JsonValue next = current.get(name);
            if (next == null || !next.isObject()) {
                next = Json.object();
                current.set(name, next);
            }
            current = next.asObject();
        }
        return current;
    }
}
