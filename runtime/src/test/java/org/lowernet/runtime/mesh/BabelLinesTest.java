package org.lowernet.runtime.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lowernet.runtime.ip.Cidr;

/** Lines captured from the host's babeld 1.12.1 (test resources; what each shows is said in their first line). */
class BabelLinesTest {

    static final RouterId A = RouterId.parse("02:00:00:ff:fe:00:00:0a");
    static final RouterId B = RouterId.parse("02:00:00:ff:fe:00:00:0b");
    static final String A_LINK = "fe80::d815:99ff:feac:cb36";

    static List<String> captured(String name) throws IOException {
        try (InputStream in = BabelLinesTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    static MeshView feed(List<String> lines) {
        BabelLines table = new BabelLines();
        lines.forEach(table::accept);
        return table.view();
    }

    @Test
    void theDumpGivesIdNeighbourRoutesGatewayAndWhatEachRouterAnnounces() throws IOException {
        MeshView view = feed(captured("babeld-1.12.1-dump.txt"));

        assertEquals(Optional.of(B), view.myId());
        assertEquals(List.of(new MeshView.Neighbour("5578d02836f0", A_LINK, "m0", 96, 96, 96)), view.neighbours());
        assertEquals(2, view.routes().size());
        MeshView.Route gateway = view.gateway().orElseThrow();
        assertEquals(A, gateway.originator());
        assertEquals(A_LINK, gateway.via());
        assertEquals("m0", gateway.interfaceName());
        assertEquals(96, gateway.metric());
        assertEquals(Map.of(A.toString(), List.of(Cidr.parse("10.77.1.0/24"))), view.announced());
        assertEquals(List.of(new MeshView.XRoute("10.77.2.0/24-0.0.0.0/0", Cidr.parse("10.77.2.0/24"),
                Cidr.parse("0.0.0.0/0"), 0)), view.xroutes());
        assertTrue(!view.announcesDefault());
        assertEquals("mesh: id 02:00:00:ff:fe:00:00:0b, 1 neighbour " + A_LINK + "%m0 cost 96, 2 routes in use,"
                + " gateway 02:00:00:ff:fe:00:00:0a via " + A_LINK + "%m0", view.summary());
    }

    /** The monitor stream, fed up to a line: what the view says there. */
    @ParameterizedTest(name = "after line {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            12 | the first dump: A's default route retracted          | none | 10.77.1.0/24               | 1
            21 | A's IPv6 prefix learned, its default not yet back    | none | 10.77.1.0/24 fd00:77:1::/64 | 1
            22 | A's default route back: A is the gateway             | A    | 10.77.1.0/24 fd00:77:1::/64 | 1
            73 | A's babeld stopping: everything retracted            | none | ''                          | 1
            80 | retractions flushed, then the neighbour              | none | ''                          | 0
            """)
    void theMonitorStreamFollowsRetractionsFlushesAndReturns(int lines, String what, String gateway, String prefixes,
                                                             int neighbours) throws IOException {
        MeshView view = feed(captured("babeld-1.12.1-monitor.txt").subList(0, lines));

        assertEquals(gateway.equals("A") ? Optional.of(A) : Optional.empty(),
                view.gateway().map(MeshView.Route::originator), what);
        List<Cidr> expected = prefixes.isEmpty() ? List.of()
                : java.util.Arrays.stream(prefixes.split(" ")).map(Cidr::parse).toList();
        assertEquals(expected.isEmpty() ? Map.of() : Map.of(A.toString(), expected), view.announced(), what);
        assertEquals(neighbours, view.neighbours().size(), what);
        assertEquals(Optional.of(B), view.myId());
    }

    @Test
    void neighbourLinesThatOnlyMoveTheReachHistoryGiveAnEqualView() throws IOException {
        List<String> stream = captured("babeld-1.12.1-monitor.txt");
        // Lines 12 to 16 of the capture: route refreshes and neighbour reach updates, nothing that matters.
        assertEquals(feed(stream.subList(0, 12)), feed(stream.subList(0, 16)));
    }

    @Test
    void aMalformedLineFailsWithItsText() {
        BabelLines table = new BabelLines();
        String line = "add route 55 prefix 10.77.1.0/24 from 0.0.0.0/0 installed yes id 02:00 metric 96 via fe80::1 if m0";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.accept(line));
        assertTrue(e.getMessage().contains(line) && e.getMessage().contains("router-id"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> table.accept("add neighbour 56 address fe80::1"))
                .getMessage().contains("no if"));
    }

    @Test
    void clearingForgetsEverything() throws IOException {
        BabelLines table = new BabelLines();
        captured("babeld-1.12.1-dump.txt").forEach(table::accept);
        table.clear();
        assertEquals(MeshView.EMPTY, table.view());
    }
}
