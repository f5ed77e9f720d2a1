package org.lowernet.runtime.respondd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.health.MeshNeighbour;

/** Reading answers of this and other respondd implementations, and of none. */
class NodeAnswerTest {

    private static final InetSocketAddress FROM = new InetSocketAddress("fe80::2", Respondd.PORT);

    @Test
    void aGluonStyleAnswer() throws Exception {
        JsonObject answer = Json.parse("""
                {"nodeinfo":{"node_id":"c04a00dd692a","hostname":"ffhb-1","network":{"addresses":["fdca::1",7]},
                  "software":{"firmware":{"release":"v2023.2"}}},
                 "statistics":{"node_id":"c04a00dd692a","uptime":120.5,"loadavg":0.25,"clients":{"total":4},
                  "gateway":"10.77.1.1"},
                 "neighbours":{"node_id":"c04a00dd692a","babel":{"mesh0":{"protocol":"babel","ll-addr":"fe80::2",
                  "neighbours":{"fe80::3":{"cost":96,"rxcost":96,"txcost":96},"fe80::4":{"cost":"far"}}}}}}
                """).asObject();
        NodeAnswer node = NodeAnswer.of(FROM, answer);
        assertEquals("c04a00dd692a", node.nodeId());
        assertEquals(Optional.of("ffhb-1"), node.hostname());
        assertEquals(List.of("fdca::1"), node.addresses(), "a number among addresses is skipped");
        assertEquals(OptionalDouble.of(120.5), node.uptime());
        assertEquals(OptionalInt.of(4), node.clients());
        assertEquals(Optional.of("10.77.1.1"), node.gateway());
        assertEquals(Optional.of("v2023.2"), node.release());
        assertEquals(List.of(new MeshNeighbour("mesh0", "fe80::3", 96), new MeshNeighbour("mesh0", "fe80::4", 65535)),
                node.links());
    }

    @Test
    void statisticsAloneStillNameTheNode() throws Exception {
        NodeAnswer node = NodeAnswer.of(FROM, Json.parse("{\"statistics\":{\"node_id\":\"a\",\"uptime\":\"x\"}}").asObject());
        assertEquals("a", node.nodeId());
        assertEquals(OptionalDouble.empty(), node.uptime(), "a string is no uptime");
        assertEquals(Optional.empty(), node.hostname());
    }

    @Test
    void noNodeIdIsMalformed() {
        NodeAnswer.MalformedAnswer e = assertThrows(NodeAnswer.MalformedAnswer.class,
                () -> NodeAnswer.of(FROM, Json.parse("{\"nodeinfo\":{\"hostname\":\"x\"}}").asObject()));
        assertEquals("no node_id in nodeinfo, statistics or neighbours", e.getMessage());
    }
}
