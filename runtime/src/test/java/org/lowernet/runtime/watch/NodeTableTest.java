package org.lowernet.runtime.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.health.MeshGateway;
import org.lowernet.runtime.health.MeshNeighbour;
import org.lowernet.runtime.health.MeshState;
import org.lowernet.runtime.health.NodeInfo;
import org.lowernet.runtime.health.ProcReadings;
import org.lowernet.runtime.health.Statistics;
import org.lowernet.runtime.net.InterfaceReport;

/**
 * The table from crafted messages on a fixed clock. The nodeinfo and statistics payloads come from the
 * runtime's own {@link NodeInfo} and {@link Statistics}, so the watch and the reporter cannot drift apart.
 */
class NodeTableTest {

    private static final Instant T0 = Instant.parse("2026-11-22T01:50:00Z");
    private static final String PREFIX = "lowernet/riverside";

    private final NodeTable table = new NodeTable(new WatchTopics(Optional.of(PREFIX)));

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String nodeinfo(String node, String release) {
        return nodeinfo(node, release, Optional.empty());
    }

    private static String nodeinfo(String node, String release, Optional<String> routerId) {
        return new NodeInfo("b827eb000001", node, "riverside", "Raspberry Pi 4 Model B Rev 1.4", release,
                "6.12.48+deb13-arm64", Optional.empty(), List.of("198.51.100.2"), Optional.empty(),
                Optional.empty(), Optional.empty(), routerId, List.of(), Optional.empty(), Optional.empty()).toJson().toString();
    }

    private static String statistics(long seq, Instant time, double uptime, double load, int clients,
                                     List<InterfaceReport> interfaces) {
        return statistics(seq, time, uptime, load, clients, interfaces, Optional.empty());
    }

    private static String statistics(long seq, Instant time, double uptime, double load, int clients,
                                     List<InterfaceReport> interfaces, Optional<MeshState> mesh) {
        return new Statistics("b827eb000001", time, seq, uptime, new ProcReadings.Load(load, 0.2, 0.1, 1, 90),
                new ProcReadings.Memory(3_900_000, 3_000_000, 3_500_000), OptionalDouble.of(48.3), clients,
                interfaces, "online", 12_000_000, 20_000_000, 64_000_000, 80_000_000, true, new Statistics.MqttCounters(0, 0, 0),
                mesh, List.of()).toJson().toString();
    }

    private static InterfaceReport wan(boolean carrier, String... addresses) {
        return new InterfaceReport("eth0", "wan", true, true, carrier, Optional.empty(), List.of(addresses), 1000, 2000);
    }

    private static InterfaceReport lan() {
        return new InterfaceReport("eth1", "lan", true, true, true, Optional.empty(), List.of("10.42.0.1/24"), 10, 20);
    }

    private void send(String node, String kind, String payload, boolean retained, Instant at) {
        assertTrue(table.accept(PREFIX + "/" + node + "/" + kind, bytes(payload), retained, at), payload);
    }

    private NodeRow row(String node, Instant now) {
        return table.rows(now).stream().filter(r -> r.node().equals(node)).findFirst().orElseThrow();
    }

    @Test
    void goldenTableOfTwoNodes() {
        send("infoshop-1", "status", "online", true, T0);
        send("infoshop-1", "nodeinfo", nodeinfo("infoshop-1", "0.1.0"), true, T0);
        send("library", "status", "offline", true, T0);
        send("library", "nodeinfo", nodeinfo("library", "0.0.9"), true, T0);
        send("infoshop-1", "statistics", statistics(7, T0, 2 * 86400 + 3 * 3600 + 300, 0.25, 7,
                List.of(wan(true, "198.51.100.2/24"), lan())), false, T0.plusSeconds(1));
        send("cafe", "status", "online", false, T0.plusSeconds(2));
        send("cafe", "statistics", statistics(1, T0, 42, 1.5, 0, List.of(wan(false), lan())), false, T0.plusSeconds(2));
        assertEquals("""
                --- 2026-11-22T01:50:03Z, 3 nodes (2 online, 1 offline)
                NODE        STATUS   LAST SEEN  UPTIME  LOAD  CLIENTS  UPLINK           VERSION
                library     offline  -          -          -        -  -                0.0.9
                cafe        online   1s ago     42s     1.50        0  down             -
                infoshop-1  online   2s ago     2d 3h   0.25        7  up 198.51.100.2  0.1.0
                """, table.render(T0.plusSeconds(3).plusMillis(400)));
    }

    /**
     * A mesh: the gateway announces its own uplink, the middle node uses it (named from the gateway's nodeinfo),
     * the far node uses a router no nodeinfo names (its id shows), one has a mesh but no babel answer yet, and one
     * has no mesh at all. A router id as gateway makes the line too wide for VERSION.
     */
    @Test
    void meshNodesShowTheirGatewayByNameAndTheirLinksAsTheRespondTableDoes() {
        String gatewayId = "02:00:00:ff:fe:00:00:01";
        String unknownId = "02:00:00:ff:fe:00:00:99";
        send("gw", "nodeinfo", nodeinfo("gw", "0.1.0", Optional.of(gatewayId)), true, T0);
        send("gw", "statistics", statistics(1, T0, 60, 0, 1, List.of(), Optional.of(new MeshState(List.of(new MeshNeighbour("mesh1", "fe80::2", 96)), Optional.of(MeshGateway.self())))), false, T0);
        send("middle", "statistics", statistics(1, T0, 60, 0, 1, List.of(), Optional.of(new MeshState(List.of(new MeshNeighbour("mesh0", "fe80::1", 96), new MeshNeighbour("mesh1", "fe80::3", 256)),
                Optional.of(MeshGateway.through(gatewayId, "fe80::1", "mesh0"))))), false, T0);
        send("far", "statistics", statistics(1, T0, 60, 0, 1, List.of(), Optional.of(new MeshState(List.of(), Optional.of(MeshGateway.through(unknownId, "fe80::2", "mesh1"))))), false, T0);
        send("lonely", "statistics", statistics(1, T0, 60, 0, 1, List.of(), Optional.of(MeshState.EMPTY)), false, T0);
        send("plain", "statistics", statistics(1, T0, 60, 0, 1, List.of()), false, T0);
        assertEquals("""
                --- 2026-11-22T01:50:00Z, 5 nodes (0 online, 0 offline, 5 without status)
                NODE    STATUS  LAST SEEN  UPTIME  LOAD  CLIENTS  UPLINK  GATEWAY                  LINKS
                far     -       0s ago     1m      0.00        1  -       02:00:00:ff:fe:00:00:99  0
                gw      -       0s ago     1m      0.00        1  -       self                     1, best 96
                lonely  -       0s ago     1m      0.00        1  -       -                        0
                middle  -       0s ago     1m      0.00        1  -       gw                       2, best 96
                plain   -       0s ago     1m      0.00        1  -       -                        -
                """, table.render(T0));
    }

    /** Tunnels: how many had a handshake lately, shown only when some node has tunnels. */
    @Test
    void nodesWithTunnelsShowHowManyAreUp() {
        send("hub", "statistics", "{\"uptime\": 60, \"tunnels\": [{\"name\": \"riverside\", \"status\": \"up\"},"
                + " {\"name\": \"town\", \"status\": \"no_handshake\"}]}", false, T0);
        send("plain", "statistics", statistics(1, T0, 60, 0, 1, List.of()), false, T0);
        assertEquals(Optional.of("1/2 up"), row("hub", T0).tunnels());
        assertEquals(Optional.empty(), row("plain", T0).tunnels());
        String text = table.render(T0);
        assertTrue(text.contains("TUNNELS") && text.lines().anyMatch(l -> l.startsWith("hub ") && l.contains("1/2 up")),
                text);
        NodeTable plainOnly = new NodeTable(new WatchTopics(Optional.of(PREFIX)));
        assertTrue(plainOnly.accept(PREFIX + "/plain/statistics", bytes(statistics(1, T0, 60, 0, 1, List.of())), false,
                T0));
        assertFalse(plainOnly.render(T0).contains("TUNNELS"));
    }

    @Test
    void aRetainedOfflineIsOfflineAndNotASighting() {
        send("library", "status", "offline", true, T0);
        NodeRow row = row("library", T0.plusSeconds(5));
        assertEquals(NodeRow.Status.OFFLINE, row.status());
        assertEquals(Optional.empty(), row.lastSeen());
        send("library", "status", "online", false, T0.plusSeconds(10));
        row = row("library", T0.plusSeconds(13));
        assertEquals(NodeRow.Status.ONLINE, row.status());
        assertEquals(Optional.of(Duration.ofSeconds(3)), row.lastSeen());
        // The Last Will, as the broker delivers it to a subscriber that is already there: not retained.
        send("library", "status", "offline", false, T0.plusSeconds(20));
        assertEquals(NodeRow.Status.OFFLINE, row("library", T0.plusSeconds(21)).status());
    }

    @Test
    void agesAndUptimesAreShortAndHuman() {
        assertEquals("0s ago", Cells.age(Duration.ofMillis(999)));
        assertEquals("0s ago", Cells.age(Duration.ofSeconds(-5)));
        assertEquals("59s ago", Cells.age(Duration.ofSeconds(59)));
        assertEquals("1m ago", Cells.age(Duration.ofSeconds(60)));
        assertEquals("59m ago", Cells.age(Duration.ofSeconds(3599)));
        assertEquals("2h ago", Cells.age(Duration.ofHours(2).plusMinutes(59)));
        assertEquals("3d ago", Cells.age(Duration.ofDays(3).plusHours(23)));
        assertEquals("42s", Cells.uptime(42.9));
        assertEquals("5m", Cells.uptime(5 * 60 + 59));
        assertEquals("1h 0m", Cells.uptime(3600));
        assertEquals("23h 59m", Cells.uptime(86399));
        assertEquals("2d 3h", Cells.uptime(2 * 86400 + 3 * 3600 + 3599));
        assertEquals("-", Cells.uptime(-1));
        assertEquals("0.00", Cells.load(0));
        assertEquals("12.35", Cells.load(12.345));
        assertEquals("-", Cells.load(1e9));
    }

    @Test
    void garbageIsIgnoredCountedAndShownInTheHeader() {
        String deep = "[".repeat(100_000);
        List<String> bad = List.of("{\"uptime\": 1", "[1, 2]", "\"online\"", "", deep,
                "{\"pad\": \"" + "x".repeat(NodeTable.MAX_PAYLOAD) + "\"}");
        for (String payload : bad) {
            assertFalse(table.accept(PREFIX + "/evil/statistics", bytes(payload), false, T0), payload);
            assertFalse(table.accept(PREFIX + "/evil/nodeinfo", bytes(payload), false, T0), payload);
        }
        assertFalse(table.accept(PREFIX + "/evil/status", bytes("Online"), false, T0));
        assertFalse(table.accept(PREFIX + "/evil/status", bytes("online\n"), false, T0));
        assertFalse(table.accept("elsewhere/evil/status", bytes("online"), false, T0));
        assertFalse(table.accept(PREFIX + "/evil/extra/status", bytes("online"), false, T0));
        assertEquals(16, table.ignored());
        assertEquals(List.of(), table.rows(T0));
        assertEquals("""
                --- 2026-11-22T01:50:00Z, 0 nodes (0 online, 0 offline), 16 ignored
                NODE  STATUS  LAST SEEN  UPTIME  LOAD  CLIENTS  UPLINK  VERSION
                (no node has reported yet)
                """, table.render(T0));
    }

    @Test
    void wrongFieldTypesShowAsUnknownAndControlCharactersNeverReachTheTerminal() {
        send("pi\u001b[2J", "status", "online", false, T0);
        send("pi\u001b[2J", "statistics", "{\"uptime\": \"long\", \"loadavg\": null, \"clients\": 3,"
                + " \"interfaces\": [{\"role\": \"wan\", \"carrier\": true, \"addresses\": [\"\\u001b]0;x\"]}]}",
                false, T0);
        send("pi\u001b[2J", "nodeinfo", "{\"software\": {\"firmware\": {\"release\": \"1.0\\u0007\"}}}", false, T0);
        NodeRow row = table.rows(T0).getFirst();
        assertEquals("pi?[2J", row.node());
        assertEquals(new NodeRow("lowernet/riverside", "pi?[2J", NodeRow.Status.ONLINE, Optional.of(Duration.ZERO),
                OptionalDouble.empty(), OptionalDouble.empty(), java.util.OptionalInt.empty(), "up ?]0;x",
                Optional.of("1.0?"), Optional.empty(), Optional.empty()), row);
        assertFalse(table.render(T0).chars().anyMatch(c -> c < 0x20 && c != '\n'));
    }

    @Test
    void offlineFirstThenStaleThenWithoutStatusThenOnlineEachByName() {
        send("zeta", "status", "online", true, T0);
        send("alpha", "status", "online", true, T0);
        send("mid", "status", "offline", true, T0);
        send("beta", "status", "offline", true, T0);
        send("nostatus", "nodeinfo", nodeinfo("nostatus", "0.1.0"), true, T0);
        // Statistics every 10 s by the node's clock: stale once none came for 30 s.
        send("slow", "status", "online", true, T0);
        send("slow", "statistics", statistics(4, T0, 100, 0, 0, List.of()), false, T0);
        send("slow", "statistics", statistics(5, T0.plusSeconds(10), 110, 0, 0, List.of()), false, T0.plusSeconds(10));
        send("alpha", "statistics", statistics(1, T0.plusSeconds(40), 100, 0, 0, List.of()), false, T0.plusSeconds(40));
        assertEquals(List.of("beta offline", "mid offline", "slow stale", "nostatus -", "alpha online", "zeta online"),
                table.rows(T0.plusSeconds(41)).stream().map(r -> r.node() + " " + r.status().word()).toList());
        assertEquals(NodeRow.Status.ONLINE, row("slow", T0.plusSeconds(40)).status());
        // Statistics closer than 1 s by the node's clock (a replay after a reconnect) do not set the interval.
        send("zeta", "statistics", statistics(8, T0, 100, 0, 0, List.of()), true, T0);
        send("zeta", "statistics", statistics(9, T0.plusMillis(5), 100, 0, 0, List.of()), true, T0);
        // Without two consecutive statistics the interval is unknown: stale after 90 s.
        assertEquals(NodeRow.Status.ONLINE, row("zeta", T0.plusSeconds(90)).status());
        assertEquals(NodeRow.Status.STALE, row("zeta", T0.plusSeconds(91)).status());
        assertTrue(table.render(T0.plusSeconds(91)).startsWith(
                "--- 2026-11-22T01:51:31Z, 6 nodes (1 online, 2 offline, 2 stale, 1 without status)\n"));
    }

    @Test
    void everySiteAddsASiteColumnAndKeepsSameNamedNodesApart() {
        NodeTable all = new NodeTable(new WatchTopics(Optional.empty()));
        assertEquals(List.of("lowernet/+/+/status", "lowernet/+/+/nodeinfo", "lowernet/+/+/statistics"),
                new WatchTopics(Optional.empty()).filters());
        assertTrue(all.accept("lowernet/riverside/pi-1/status", bytes("online"), false, T0));
        assertTrue(all.accept("lowernet/hillside/pi-1/status", bytes("offline"), false, T0));
        assertFalse(all.accept("lowernet/pi-1/status", bytes("online"), false, T0));
        assertEquals("""
                --- 2026-11-22T01:50:00Z, 2 nodes (1 online, 1 offline), 1 ignored
                SITE       NODE  STATUS   LAST SEEN  UPTIME  LOAD  CLIENTS  UPLINK  VERSION
                hillside   pi-1  offline  0s ago     -          -        -  -       -
                riverside  pi-1  online   0s ago     -          -        -  -       -
                """, all.render(T0));
    }

    @Test
    void theVersionColumnGoesWhenTheLineWouldPassOneHundredColumnsAndLongNamesAreCut() {
        NodeTable all = new NodeTable(new WatchTopics(Optional.empty()));
        String site = "s".repeat(40);
        String node = "n".repeat(40);
        assertTrue(all.accept("lowernet/" + site + "/" + node + "/statistics", bytes(statistics(1, T0, 1, 0, 0,
                List.of(wan(true, "2001:db8:1234:5678:9abc:def0:1234:5678/64", "198.51.100.2/24")))), false, T0));
        String[] lines = all.render(T0).split("\n");
        assertEquals("SITE                              NODE                              STATUS  LAST SEEN  UPTIME"
                + "  LOAD  CLIENTS  UPLINK", lines[1]);
        assertEquals(Cells.MAX_TEXT - 1, lines[2].indexOf('~'), "cut names end in ~");
        assertTrue(lines[2].endsWith("  up 198.51.100.2"), "IPv4 first: " + lines[2]);
    }

    /** A node running from a system slot shows the slot's version, and a trial's progress until it commits. */
    @Test
    void theVersionColumnShowsTheSlotsVersionAndATrial() {
        send("pi-1", "nodeinfo", new NodeInfo("b827eb000001", "pi-1", "riverside", "Raspberry Pi 4 Model B Rev 1.4",
                "0.1.0-SNAPSHOT", "6.12.48+deb13-arm64", Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
                Optional.of(new NodeInfo.Update("b", "0.2.0", true, 2, 3, Optional.empty()))).toJson().toString(), true, T0);
        send("pi-2", "nodeinfo", new NodeInfo("b827eb000002", "pi-2", "riverside", "Raspberry Pi 4 Model B Rev 1.4",
                "0.1.0-SNAPSHOT", "6.12.48+deb13-arm64", Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.of(new NodeInfo.Update("a",
                        "0.1.9", false, 0, 0, Optional.of("rolled back 0.2.0 (system-b): x")))).toJson().toString(), true, T0);
        assertEquals(List.of(Optional.of("0.2.0 trial 2/3"), Optional.of("0.1.9")),
                table.rows(T0).stream().map(NodeRow::version).toList());
    }
}
