package org.lowernet.runtime.health;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.lowernet.runtime.net.InterfaceReport;

/**
 * How a node is, once per interval: the {@code statistics} message, in respondd's names where they exist
 * (uptime, loadavg, memory, clients.total, traffic.{rx,tx}.bytes), plus lowernet's own.
 *
 * @param seq        counts this node's statistics since the runtime started, so gaps and order show
 * @param uptime     seconds since the kernel booted
 * @param clients    DHCP leases on the LAN
 * @param leds       the state the LEDs show (online, no-uplink, degraded ...)
 * @param heapUsed   the runtime's Java heap in use, bytes
 * @param heapCommitted the heap's RAM the JVM has taken from the kernel, bytes: the serial collector grows and
 *                   shrinks it between the used bytes and the limit
 * @param rss        the runtime's resident memory, bytes
 * @param clockSynced whether an NTP server vouched for the clock lately
 * @param mqtt       the reporter's own counters
 * @param mesh       babel's neighbours and gateway; empty on a node without mesh interfaces
 * @param tunnels    the WireGuard tunnels, in name order; none without {@code tunnel.*} keys
 */
public record Statistics(String nodeId, Instant time, long seq, double uptime, ProcReadings.Load load,
                         ProcReadings.Memory memory, OptionalDouble temperature, int clients,
                         List<InterfaceReport> interfaces, String leds, long heapUsed, long heapCommitted, long heapMax,
                         long rss, boolean clockSynced, MqttCounters mqtt, Optional<MeshState> mesh,
                         List<TunnelLink> tunnels) {

    /**
     * @param dropped    messages dropped from the full outbox since the start
     * @param buffered   messages waiting for the broker now
     * @param reconnects connections made after the first
     */
    public record MqttCounters(long dropped, int buffered, long reconnects) {
    }

    public Statistics {
        interfaces = List.copyOf(interfaces);
        tunnels = List.copyOf(tunnels);
    }

    public JsonObject toJson() {
        JsonObject json = Json.object()
                .add("node_id", nodeId)
                .add("time", time.toString())
                .add("seq", seq)
                .add("uptime", uptime)
                .add("loadavg", load.one())
                .add("processes", Json.object().add("running", load.running()).add("total", load.total()))
                .add("memory", Json.object().add("total", memory.totalKb()).add("free", memory.freeKb())
                        .add("available", memory.availableKb()));
        temperature.ifPresent(t -> json.add("temperature", Math.round(t * 10) / 10.0));
        json.add("clients", Json.object().add("total", clients));
        json.add("traffic", traffic());
        JsonArray list = new JsonArray();
        for (InterfaceReport i : interfaces) {
            JsonArray addresses = new JsonArray();
            i.addresses().forEach(addresses::add);
            list.add(Json.object().add("name", i.name()).add("role", i.role()).add("present", i.present())
                    .add("carrier", i.carrier()).add("addresses", addresses));
        }
        json.add("interfaces", list)
                .add("leds", leds)
                .add("runtime", Json.object().add("heap", Json.object().add("used", heapUsed)
                                .add("committed", heapCommitted).add("max", heapMax))
                        .add("rss", rss))
                .add("clock", Json.object().add("synced", clockSynced))
                .add("mqtt", Json.object().add("dropped", mqtt.dropped()).add("buffered", mqtt.buffered())
                        .add("reconnects", mqtt.reconnects()));
        mesh.ifPresent(m -> json.add("mesh", mesh(m)));
        if (!tunnels.isEmpty()) {
            json.add("tunnels", tunnelsJson());
        }
        return json;
    }

    /** The neighbours with their costs, and the gateway: a router id with the way to it, or {@code self}. */
    private static JsonObject mesh(MeshState mesh) {
        JsonArray neighbours = new JsonArray();
        for (MeshNeighbour n : mesh.neighbours()) {
            neighbours.add(Json.object().add("interface", n.iface()).add("address", n.address()).add("cost", n.cost()));
        }
        JsonObject json = Json.object().add("neighbours", neighbours);
        mesh.gateway().ifPresent(g -> {
            JsonObject gateway = Json.object().add("router", g.router());
            g.via().ifPresent(v -> gateway.add("via", v));
            g.interfaceName().ifPresent(i -> gateway.add("interface", i));
            json.add("gateway", gateway);
        });
        return json;
    }

    private JsonArray tunnelsJson() {
        JsonArray list = new JsonArray();
        for (TunnelLink t : tunnels) {
            JsonObject tunnel = Json.object().add("name", t.name()).add("peer_key", t.peerKey())
                    .add("status", t.status());
            t.endpoint().ifPresent(e -> tunnel.add("endpoint", e));
            t.lastHandshake().ifPresent(h -> tunnel.add("last_handshake", h.toString()));
            tunnel.add("rx_bytes", t.rxBytes()).add("tx_bytes", t.txBytes());
            t.problem().ifPresent(p -> tunnel.add("problem", p));
            list.add(tunnel);
        }
        return list;
    }

    /** respondd's traffic.{rx,tx}.bytes are the uplink's; each role's sum is beside them. */
    private JsonObject traffic() {
        Map<String, long[]> byRole = new TreeMap<>();
        for (InterfaceReport i : interfaces) {
            long[] sum = byRole.computeIfAbsent(i.role(), r -> new long[2]);
            sum[0] += i.rxBytes();
            sum[1] += i.txBytes();
        }
        long[] wan = byRole.getOrDefault("wan", new long[2]);
        JsonObject traffic = counters(wan);
        byRole.forEach((role, sum) -> traffic.add(role, counters(sum)));
        return traffic;
    }

    private static JsonObject counters(long[] rxTx) {
        return Json.object().add("rx", Json.object().add("bytes", rxTx[0]))
                .add("tx", Json.object().add("bytes", rxTx[1]));
    }
}
