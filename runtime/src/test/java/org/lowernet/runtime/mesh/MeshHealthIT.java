package org.lowernet.runtime.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.Requires;
import org.lowernet.runtime.health.Mosquitto;
import org.lowernet.runtime.health.MqttProbe;
import org.lowernet.runtime.net.Netns;
import org.lowernet.runtime.router.NetLab;
import org.lowernet.runtime.watch.NodeRow;
import org.lowernet.runtime.watch.NodeTable;
import org.lowernet.runtime.watch.WatchTopics;

/**
 * The mesh in the health reports, end to end: two real daemons with real babeld, A – B, only A with an uplink, and a
 * real mosquitto in A's ISP namespace, which B reaches only through the mesh and A's NAT. At the broker, each node's
 * statistics name the other's link-local address as a neighbour with a finite cost; B names A's router id as its
 * gateway (through mesh0), A itself; A's retained nodeinfo has its router id and LAN prefix; and the watch's table,
 * fed what the broker delivered, shows B's gateway by A's name.
 */
class MeshHealthIT {

    static final int A = 0;
    static final int B = 1;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String PREFIX = "lowernet/lab/";

    @TempDir
    Path folder;

    @Test
    void twoMeshedNodesReportEachOtherAsNeighboursAndTheOneWithoutUplinkTheOtherAsItsGateway() throws Exception {
        Requires.executable(Path.of("/usr/sbin/babeld"), "babeld");
        try (MeshLab lab = MeshLab.create(folder, 2)) {
            lab.link(A, B);
            Netns isp = lab.uplink(A);
            try (Mosquitto broker = Mosquitto.start(folder.resolve("broker"),
                    Mosquitto.Options.plain().inNamespace(isp.name, NetLab.ISP));
                 MqttProbe probe = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous().inNamespace(isp.name))) {
                probe.subscribe(PREFIX + "#");
                String mqtt = "site = lab\nmqtt.broker = " + broker.url() + "\nmqtt.interval = 1s\n";
                lab.start(A, mqtt);
                lab.start(B, mqtt);
                String idA = MeshIT.routerId(lab.await(A, "babeld: router-id ", 0));
                String idB = MeshIT.routerId(lab.await(B, "babeld: router-id ", 0));
                String nameA = name(lab.await(A, "node name: ", 0));
                String nameB = name(lab.await(B, "node name: ", 0));
                String linkLocalA = lab.nodes.get(A).linkLocal("mesh1");
                String linkLocalB = lab.nodes.get(B).linkLocal("mesh0");
                long started = System.nanoTime();

                // B reaches the broker only through A: its statistics at the broker prove the shared uplink too.
                JsonObject statisticsB = json(probe.await(m -> m.topic().equals(PREFIX + nameB + "/statistics")
                        && gateway(json(m)).filter(g -> g.getString("router", "").equals(idA)).isPresent()
                        && neighbour(json(m), linkLocalA).isPresent(), WAIT));
                System.out.println("mesh health: B's statistics name A as gateway and neighbour at the broker "
                        + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms after both routers said"
                        + " their ids");
                JsonObject gatewayB = gateway(statisticsB).orElseThrow();
                assertEquals("mesh0", gatewayB.getString("interface", ""), statisticsB.toString());
                assertEquals(linkLocalA, gatewayB.getString("via", ""), statisticsB.toString());
                JsonObject neighbourB = neighbour(statisticsB, linkLocalA).orElseThrow();
                assertEquals("mesh0", neighbourB.getString("interface", ""));
                int costB = neighbourB.getInt("cost", -1);
                assertTrue(costB > 0 && costB < MeshView.INFINITY, "a finite cost: " + neighbourB);
                assertEquals(1, statisticsB.get("mesh").asObject().get("neighbours").asArray().size(), statisticsB.toString());

                // A needs nothing of B to be its own gateway, so its first reports may show B before babel's
                // IHU has made the link two-way (cost 65535): the report that counts is the one with a cost.
                JsonObject statisticsA = json(probe.await(m -> m.topic().equals(PREFIX + nameA + "/statistics")
                        && gateway(json(m)).filter(g -> g.getString("router", "").equals("self")).isPresent()
                        && neighbour(json(m), linkLocalB).filter(n -> n.getInt("cost", -1) < MeshView.INFINITY)
                        .isPresent(), WAIT));
                JsonObject neighbourA = neighbour(statisticsA, linkLocalB).orElseThrow();
                assertEquals("mesh1", neighbourA.getString("interface", ""));
                int costA = neighbourA.getInt("cost", -1);
                assertTrue(costA > 0 && costA < MeshView.INFINITY, "a finite cost: " + neighbourA);
                assertEquals(Optional.empty(), Optional.ofNullable(gateway(statisticsA).orElseThrow().get("via")),
                        "self has no way to it: " + statisticsA);

                // The id babeld runs with, as the other router's gateway names it.
                JsonObject infoA = json(probe.await(m -> m.topic().equals(PREFIX + nameA + "/nodeinfo"), WAIT));
                assertEquals(idA, infoA.getString("router_id", ""), "the first nodeinfo has it: " + infoA);
                assertEquals("[\"" + "10.77.1.0/24" + "\"]", infoA.get("prefixes").toString());
                probe.await(m -> m.topic().equals(PREFIX + nameB + "/nodeinfo")
                        && json(m).getString("router_id", "").equals(idB), WAIT);

                // The watch, fed what the broker delivered: B's gateway by A's name, each with one link.
                NodeTable table = new NodeTable(new WatchTopics(Optional.of("lowernet/lab")));
                Instant now = Instant.now();
                for (MqttProbe.Received m : probe.messages()) {
                    table.accept(m.topic(), m.payload().getBytes(StandardCharsets.UTF_8), m.retained(), m.at());
                }
                NodeRow rowA = row(table, nameA, now);
                NodeRow rowB = row(table, nameB, now);
                String text = table.render(now);
                System.out.println("mesh health: the watch's table\n" + text);
                assertEquals("self", rowA.mesh().orElseThrow().gateway(), text);
                assertEquals(nameA, rowB.mesh().orElseThrow().gateway(), text);
                assertTrue(rowA.mesh().orElseThrow().links().startsWith("1, best "), text);
                assertTrue(rowB.mesh().orElseThrow().links().startsWith("1, best "), text);
            }
        }
    }

    private static NodeRow row(NodeTable table, String node, Instant now) {
        return table.rows(now).stream().filter(r -> r.node().equals(node)).findFirst().orElseThrow(
                () -> new AssertionError(node + " not in the table: " + table.render(now)));
    }

    /** The node's name from its log line "node name: NAME". */
    private static String name(String line) {
        return line.substring(line.indexOf("node name: ") + "node name: ".length()).strip();
    }

    private static JsonObject json(MqttProbe.Received received) {
        return Json.parse(received.payload()).asObject();
    }

    private static Optional<JsonObject> mesh(JsonObject statistics) {
        return Optional.ofNullable(statistics.get("mesh")).filter(JsonValue::isObject).map(JsonValue::asObject);
    }

    private static Optional<JsonObject> gateway(JsonObject statistics) {
        return mesh(statistics).map(m -> m.get("gateway")).filter(JsonValue::isObject).map(JsonValue::asObject);
    }

    /** The neighbour with link-local {@code address} in the statistics' mesh. */
    private static Optional<JsonObject> neighbour(JsonObject statistics, String address) {
        return mesh(statistics).map(m -> m.get("neighbours")).filter(JsonValue::isArray).map(JsonValue::asArray)
                .stream().flatMap((JsonArray a) -> a.values().stream()).map(JsonValue::asObject)
                .filter(n -> n.getString("address", "").equals(address)).findFirst();
    }
}
