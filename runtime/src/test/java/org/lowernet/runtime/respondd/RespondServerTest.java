package org.lowernet.runtime.respondd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the server sends for a request, without sockets; the namespace IT sends it over the wire. */
class RespondServerTest {

    private final AtomicInteger statisticsReads = new AtomicInteger();
    private final RespondServer server = new RespondServer(List.of("eth2"), Respondd.PORT,
            new RespondServer.Providers(() -> Json.object().add("node_id", "dca632aabbcc").add("hostname", "n1"),
                    () -> Json.object().add("node_id", "dca632aabbcc").add("uptime", statisticsReads.incrementAndGet()),
                    () -> Json.object().add("node_id", "dca632aabbcc").add("babel", Json.object())),
            RespondServer.ANSWERS_PER_SECOND);

    @Test
    void getIsOneDeflatedObjectKeyedByKind() throws Exception {
        byte[] answer = server.answer(new Request(Respondd.KINDS, true));
        JsonObject json = Json.parse(new String(Respondd.inflate(answer, Respondd.MAX_INFLATED),
                StandardCharsets.UTF_8)).asObject();
        assertEquals(Respondd.KINDS, json.names());
        assertEquals("n1", json.get("nodeinfo").asObject().getString("hostname", null));
        assertEquals(1, json.get("statistics").asObject().getInt("uptime", -1));
        // And the client reads it as the node it is.
        NodeAnswer node = NodeAnswer.of(new InetSocketAddress(Respondd.PORT), json);
        assertEquals("dca632aabbcc", node.nodeId());
        assertEquals(Optional.of("n1"), node.hostname());
    }

    @Test
    void aSingleWordIsThatObjectAsPlainJson() {
        byte[] answer = server.answer(new Request(List.of("nodeinfo"), false));
        assertEquals("{\"node_id\":\"dca632aabbcc\",\"hostname\":\"n1\"}", new String(answer, StandardCharsets.UTF_8));
    }

    @Test
    void providersAreReadAfreshPerRequest() {
        server.answer(new Request(List.of("statistics"), false));
        server.answer(new Request(List.of("statistics"), false));
        assertEquals(2, statisticsReads.get());
    }

    @Test
    void withoutMeshInterfacesItStaysOff() throws Exception {
        RespondServer off = new RespondServer(List.of(), Respondd.PORT, server.providers(), 1);
        off.start();
        assertEquals(0, off.answered());
        off.stop();
    }
}
