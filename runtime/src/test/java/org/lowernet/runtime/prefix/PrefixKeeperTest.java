package org.lowernet.runtime.prefix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.config.ConfigParser;
import org.lowernet.runtime.config.InterfaceRole;
import org.lowernet.runtime.config.LowernetConfig;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.ip.Cidr;

class PrefixKeeperTest {

    static final String OWN = "02:00:00:ff:fe:00:00:10";
    static final String HIGHER = "02:00:00:ff:fe:00:00:20";
    static final String LOWER = "02:00:00:ff:fe:00:00:01";
    static final List<InterfaceRole> MESH = List.of(InterfaceRole.WAN, InterfaceRole.LAN, InterfaceRole.MESH);
    static final String AUTOMATIC = "interface.eth0.role = wan\ninterface.eth1.role = lan\ninterface.eth2.role = mesh\n"
            + "mesh.ula = fd12:3456:789a::/48\nlan.dhcp.lease = 1h\n";

    @TempDir
    Path root;
    final List<Event> events = new ArrayList<>();
    final List<String> moves = new ArrayList<>();

    @Test
    void withoutAMeshInterfaceThereIsNoKeeperAndTheLanIsLowernetConfs() {
        assertEquals(Optional.empty(), PrefixKeeper.of(root, config(AUTOMATIC), List.of(InterfaceRole.LAN,
                InterfaceRole.WAN), OWN, events::add));
        assertTrue(Files.notExists(root.resolve(PrefixStore.FILE)));
    }

    @Test
    void theFirstCandidateIsChosenKeptOnDataAndTakenAgainAtTheNextStart() throws IOException {
        PrefixKeeper keeper = keeper(OWN);
        Candidates candidates = new Candidates(Cidr.parse("10.77.0.0/16"), 24, OWN);
        Cidr first = candidates.get(0);
        assertTrue(keeper.current().automatic());
        assertEquals(first, keeper.current().prefix());
        long slot = candidates.slotOf(first).orElseThrow();
        assertEquals(MeshLan.automatic(first, slot, config(AUTOMATIC).lan(), Cidr.parse("fd12:3456:789a::/48")),
                keeper.current());
        assertEquals(first.subnet() + "\n", Files.readString(root.resolve(PrefixStore.FILE)));

        // Another prefix on /data (chosen after a collision before the restart) is the one taken.
        Cidr moved = candidates.get(7);
        PrefixStore.below(root).write(moved);
        assertEquals(moved, keeper(OWN).current().prefix());
        assertEquals(moved.subnet() + "\n", Files.readString(root.resolve(PrefixStore.FILE)));
    }

    @Test
    void aCorruptFileIsReplacedByTheChoice() throws IOException {
        Files.createDirectories(root.resolve(PrefixStore.FILE).getParent());
        Files.write(root.resolve(PrefixStore.FILE), new byte[] {0, 1, 2, '/', 9});
        PrefixKeeper keeper = keeper(OWN);
        assertEquals(keeper.current().prefix().subnet() + "\n",
                Files.readString(root.resolve(PrefixStore.FILE), StandardCharsets.US_ASCII));
    }

    @Test
    void losingACollisionMovesTheLanOnceSavesItAndSaysSo() throws IOException {
        PrefixKeeper keeper = keeper(OWN);
        MeshLan before = keeper.current();
        Cidr held = before.prefix();

        keeper.onAnnouncements(Map.of(LOWER, List.of(held), OWN, List.of(held)));
        assertEquals(held, keeper.current().prefix(), "a lower id does not take it");
        assertEquals(List.of(), moves);

        keeper.onAnnouncements(Map.of(HIGHER, List.of(held), LOWER, List.of(held)));
        MeshLan after = keeper.current();
        Cidr next = new Candidates(Cidr.parse("10.77.0.0/16"), 24, OWN).get(1);
        assertEquals(next, after.prefix());
        assertEquals(List.of(before.describe() + " -> " + after.describe()), moves);
        assertEquals(next.subnet() + "\n", Files.readString(root.resolve(PrefixStore.FILE)));
        Event changed = events.stream().filter(e -> e.type() == EventType.PREFIX_CHANGED).findFirst().orElseThrow();
        assertEquals(Map.of("prefix", next.subnet(), "previous", held.subnet(), "winner", HIGHER), changed.fields());

        // The same picture again, and the winner's new neighbours: no further move.
        keeper.onAnnouncements(Map.of(HIGHER, List.of(held), LOWER, List.of(held)));
        keeper.onAnnouncements(Map.of(HIGHER, List.of(held), LOWER, List.of(next)));
        assertEquals(1, moves.size(), moves.toString());
        assertEquals(next, keeper.current().prefix());
    }

    @Test
    void aFailingListenerDoesNotReachTheCallerAndTheMoveStands() {
        PrefixKeeper keeper = keeper(OWN);
        Cidr held = keeper.current().prefix();
        keeper.listen((before, after) -> {
            throw new IllegalStateException("the reconciler is not running yet");
        });
        keeper.onAnnouncements(Map.of(HIGHER, List.of(held)));
        assertEquals(new Candidates(Cidr.parse("10.77.0.0/16"), 24, OWN).get(1), keeper.current().prefix());
    }

    @Test
    void aFullPoolKeepsThePrefixAndIsReportedOnce() {
        PrefixKeeper keeper = PrefixKeeper.of(root, config(AUTOMATIC + "mesh.pool = 10.77.0.0/23\n"), MESH, OWN,
                events::add).orElseThrow();
        Cidr held = keeper.current().prefix();
        Map<String, List<Cidr>> all = Map.of(HIGHER, List.of(Cidr.parse("10.77.0.0/23")));
        keeper.onAnnouncements(all);
        keeper.onAnnouncements(all);
        assertEquals(held, keeper.current().prefix());
        List<Event> conflicts = events.stream().filter(e -> e.type() == EventType.PREFIX_CONFLICT).toList();
        assertEquals(1, conflicts.size(), events.toString());
        assertTrue(conflicts.getFirst().fields().get("detail").toString().startsWith("mesh.pool 10.77.0.0/23 has no"
                + " free /24 left"), conflicts.toString());
    }

    @Test
    void aFixedLanIsKeptAndEachNewConflictIsLoggedAndReported() {
        PrefixKeeper keeper = PrefixKeeper.of(root, config(AUTOMATIC + "lan.address = 10.77.3.1/24\n"), MESH, OWN,
                events::add).orElseThrow();
        assertTrue(!keeper.current().automatic());
        assertEquals(Cidr.parse("10.77.3.1/24"), keeper.current().lan().address());
        assertEquals(Optional.empty(), keeper.current().ipv6());
        Map<String, List<Cidr>> clash = Map.of(LOWER, List.of(Cidr.parse("10.77.3.0/24")),
                HIGHER, List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("10.77.4.0/24")));
        keeper.onAnnouncements(clash);
        keeper.onAnnouncements(clash);
        keeper.onAnnouncements(Map.of());
        keeper.onAnnouncements(clash);
        List<Event> conflicts = events.stream().filter(e -> e.type() == EventType.PREFIX_CONFLICT).toList();
        assertEquals(2, conflicts.size(), "once per new set of conflicting routers: " + events);
        assertEquals(Map.of("prefix", "10.77.3.0/24", "routers", LOWER, "detail", LOWER + " announces 10.77.3.0/24"),
                conflicts.getFirst().fields());
        assertEquals(Cidr.parse("10.77.3.1/24"), keeper.current().lan().address(), "never moved");
        assertEquals(List.of(), moves);
        assertTrue(Files.notExists(root.resolve(PrefixStore.FILE)), "nothing chosen, nothing kept");
    }

    @Test
    void theTestSeedMakesTwoNodesStartOnTheSamePrefix() {
        System.setProperty(PrefixKeeper.TEST_SEED, "collide");
        try {
            Cidr a = keeper(OWN).current().prefix();
            Files.delete(root.resolve(PrefixStore.FILE));
            Cidr b = keeper(HIGHER).current().prefix();
            assertEquals(new Candidates(Cidr.parse("10.77.0.0/16"), 24, "collide").get(0), a);
            assertEquals(a, b);
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            System.clearProperty(PrefixKeeper.TEST_SEED);
        }
        assertEquals(new Candidates(Cidr.parse("10.77.0.0/16"), 24, OWN).get(0), keeperIn(root.resolve("other"), OWN)
                .current().prefix(), "without it, the node id seeds the candidates");
    }

    private PrefixKeeper keeper(String id) {
        return keeperIn(root, id);
    }

    private PrefixKeeper keeperIn(Path folder, String id) {
        PrefixKeeper keeper = PrefixKeeper.of(folder, config(AUTOMATIC), MESH, id, events::add).orElseThrow();
        keeper.listen((before, after) -> moves.add(before.describe() + " -> " + after.describe()));
        return keeper;
    }

    private static LowernetConfig config(String text) {
        return ConfigParser.parse(text.getBytes(StandardCharsets.UTF_8), "lowernet.conf").config()
                .orElseThrow(() -> new AssertionError(ConfigParser.parse(text.getBytes(StandardCharsets.UTF_8),
                        "lowernet.conf").errors()));
    }
}
