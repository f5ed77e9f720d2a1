package org.lowernet.runtime.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.health.MeshNeighbour;
import org.lowernet.runtime.respondd.NodeAnswer;
import org.lowernet.runtime.respondd.RespondClient;

class MeshTableTest {

    private static final Instant NOW = Instant.parse("2026-12-01T23:00:00.4Z");
    private static final InetSocketAddress FROM = new InetSocketAddress("fe80::2", 1001);

    @Test
    void nodesByNameWithLinksAndGatewayThenUnreadableAnswers() {
        NodeAnswer far = new NodeAnswer(FROM, "020000000003", Optional.of("pi-far"), List.of(), OptionalDouble.of(3700),
                OptionalDouble.of(0.5), OptionalInt.of(2), Optional.of("10.77.1.1"), Optional.of("0.1.0"),
                List.of(new MeshNeighbour("eth1", "fe80::2", 256), new MeshNeighbour("eth2", "fe80::9", 96)));
        NodeAnswer gateway = new NodeAnswer(FROM, "020000000002", Optional.of("pi-gw\u001b[2J"), List.of("10.77.1.1"),
                OptionalDouble.of(42), OptionalDouble.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                List.of());
        String text = MeshTable.render("eth1", NOW, new RespondClient.Result(List.of(gateway, far),
                List.of("fe80::7 port 1001: not raw deflate data: invalid block type")));
        assertEquals("""
                --- 2026-12-01T23:00:00Z, 2 nodes answered on eth1, 1 unreadable
                NODE       ID            ADDRESS    UPTIME  LOAD  CLIENTS  GATEWAY    LINKS       VERSION
                pi-far     020000000003  fe80::2    1h 1m   0.50        2  10.77.1.1  2, best 96  0.1.0
                pi-gw?[2J  020000000002  10.77.1.1  42s        -        -  -          0           -
                unreadable: fe80::7 port 1001: not raw deflate data: invalid block type
                """, text);
    }

    @Test
    void noAnswerSaysSo() {
        assertEquals("--- 2026-12-01T23:00:00Z, 0 nodes answered on eth1\nNODE  ID  ADDRESS  UPTIME  LOAD  CLIENTS"
                + "  GATEWAY  LINKS  VERSION\n(no node answered)\n",
                MeshTable.render("eth1", NOW, new RespondClient.Result(List.of(), List.of())));
    }

    @Test
    void manyUnreadableAnswersAreCountedNotListed() {
        String text = MeshTable.render("eth1", NOW, new RespondClient.Result(List.of(),
                Collections.nCopies(8, "x: not JSON")));
        assertEquals(MeshTable.MAX_ERRORS, text.lines().filter(l -> l.startsWith("unreadable: ")).count());
        assertEquals("(and 3 more)", text.lines().toList().getLast());
    }
}
