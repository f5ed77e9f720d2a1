package org.lowernet.runtime.respondd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.health.MeshGateway;
import org.lowernet.runtime.health.MeshNeighbour;
import org.lowernet.runtime.health.MeshState;
import org.lowernet.runtime.health.Samples;

/** The answers carry MQTT's readings under respondd's names, and nothing of lowernet's own. */
class AnswersTest {

    private static final List<MeshInterface> MESH = List.of(
            new MeshInterface("eth2", Optional.of("02:00:00:00:00:02"), Optional.of("fe80::2")),
            new MeshInterface("eth3", Optional.empty(), Optional.empty()));

    @Test
    void nodeinfoIsTheHealthNodeinfoUnderRespondNames() {
        JsonObject json = Answers.nodeinfo(Samples.nodeInfo(), MESH);
        assertEquals("dca632aabbcc", json.getString("node_id", null));
        assertEquals("infoshop-1", json.getString("hostname", null));
        assertEquals("riverside", json.get("system").asObject().getString("site_code", null));
        assertEquals(Json.array("10.42.0.1"), json.get("network").asObject().get("addresses"));
        assertEquals(Json.array("02:00:00:00:00:02"), json.get("network").asObject().get("mesh").asObject()
                .get("babel").asObject().get("interfaces").asObject().get("other"));
        assertEquals("0.1.0", json.get("software").asObject().get("firmware").asObject().getString("release", null));
        assertNull(json.get("boot"), "boot is lowernet's own, for MQTT");
        assertNull(json.get("ssh"));
    }

    @Test
    void statisticsWithoutGatewayLeaveItOut() {
        JsonObject json = Answers.statistics(Samples.statistics(Optional.empty()));
        assertEquals(12.5, json.getDouble("uptime", -1));
        assertEquals(3, json.get("clients").asObject().getInt("total", -1));
        assertEquals(2, json.get("traffic").asObject().get("tx").asObject().getLong("bytes", -1));
        assertNull(json.get("gateway"));
        assertNull(json.get("mqtt"));
        assertFalse(json.get("traffic").asObject().names().contains("lan"), "role sums stay on MQTT");
        assertNull(json.get("mesh"), "MQTT's mesh object is lowernet's own");
    }

    @Test
    void theGatewayIsMqttsOneAndLeftOutForTheNodesOwnUplink() {
        JsonObject json = Answers.statistics(Samples.statistics());
        assertEquals("02:00:00:ff:fe:00:00:03", json.getString("gateway", null));
        assertEquals("fe80::3", json.getString("gateway_nexthop", null));
        JsonObject own = Answers.statistics(Samples.statistics(Optional.of(new MeshState(List.of(),
                Optional.of(MeshGateway.self())))));
        assertNull(own.get("gateway"), own.toString());
        assertNull(own.get("gateway_nexthop"), own.toString());
    }

    @Test
    void neighboursPerMeshInterfaceWithCost() {
        JsonObject json = Answers.neighbours("dca632aabbcc", MESH, List.of(new MeshNeighbour("eth2", "fe80::3", 96),
                new MeshNeighbour("eth2", "fe80::4", 256), new MeshNeighbour("wlan0", "fe80::9", 96)));
        JsonObject eth2 = json.get("babel").asObject().get("eth2").asObject();
        assertEquals("fe80::2", eth2.getString("ll-addr", null));
        assertEquals(256, eth2.get("neighbours").asObject().get("fe80::4").asObject().getInt("cost", -1));
        JsonObject eth3 = json.get("babel").asObject().get("eth3").asObject();
        assertNull(eth3.get("ll-addr"), "no link-local address yet");
        assertEquals(0, eth3.get("neighbours").asObject().size());
        assertNull(json.get("babel").asObject().get("wlan0"), "not a mesh interface");
    }
}
