package org.lowernet.runtime.prefix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.prefix.PrefixRule.Decision;
import org.lowernet.runtime.prefix.PrefixRule.Outcome;

class PrefixRuleTest {

    static final Cidr POOL = Cidr.parse("10.77.0.0/16");
    static final String LOW = "02:00:00:ff:fe:00:00:01";
    static final String MID = "02:00:00:ff:fe:00:00:02";
    static final String HIGH = "02:00:00:ff:fe:00:01:00";

    static Candidates candidates(String seed) {
        return new Candidates(POOL, 24, seed);
    }

    /** Both colliding nodes hold candidate 0 of one seed (the test-only seed does this); each decides alone. */
    @Test
    void onACollisionTheHigherIdKeepsThePrefixAndTheLowerMovesToItsNextFreeCandidate() throws Exception {
        Candidates shared = candidates("same seed");
        Cidr first = shared.get(0);

        Decision high = PrefixRule.decide(shared, HIGH, Optional.of(first), Map.of(LOW, List.of(first)));
        assertEquals(new Decision(first, Outcome.KEPT, Optional.empty()), high);

        Decision low = PrefixRule.decide(shared, LOW, Optional.of(first), Map.of(HIGH, List.of(first)));
        assertEquals(new Decision(shared.get(1), Outcome.MOVED, Optional.of(HIGH)), low);
    }

    @ParameterizedTest(name = "{0} against {1}: {2}")
    @CsvSource({
            "02:00:00:ff:fe:00:00:01, 02:00:00:ff:fe:00:00:02, MOVED",
            "02:00:00:ff:fe:00:00:02, 02:00:00:ff:fe:00:00:01, KEPT",
            "02:00:00:ff:fe:00:00:0a, 02:00:00:ff:fe:00:00:09, KEPT",
            "02:00:00:FF:FE:00:00:0A, 02:00:00:ff:fe:00:00:0b, MOVED",
            "ff:00:00:ff:fe:00:00:00, 02:00:00:ff:fe:00:00:00, KEPT",
            "02:00:00:ff:fe:00:00:00, ff:00:00:ff:fe:00:00:00, MOVED"})
    void idsCompareAsTheHexNumbersTheyAre(String own, String other, Outcome outcome) throws Exception {
        Candidates c = candidates(own);
        assertEquals(outcome, PrefixRule.decide(c, own, Optional.of(c.get(0)), Map.of(other, List.of(c.get(0))))
                .outcome());
    }

    @Test
    void threeOnOnePrefixSettleOnThreeDistinctPrefixesAndThenStay() throws Exception {
        Candidates shared = candidates("same seed");
        Map<String, Cidr> held = new LinkedHashMap<>(Map.of(LOW, shared.get(0), MID, shared.get(0), HIGH, shared.get(0)));
        // Rounds as babel would run them: each node decides on what the others announced in the last round.
        for (int round = 0; round < 5; round++) {
            Map<String, List<Cidr>> announced = new HashMap<>();
            held.forEach((id, prefix) -> announced.put(id, List.of(prefix)));
            Map<String, Cidr> next = new LinkedHashMap<>();
            for (String id : held.keySet()) {
                Decision d = PrefixRule.decide(shared, id, Optional.of(held.get(id)), announced);
                next.put(id, d.prefix());
                if (id.equals(HIGH)) {
                    assertEquals(Outcome.KEPT, d.outcome(), "the highest id never moves, round " + round);
                }
            }
            held = next;
        }
        assertEquals(shared.get(0), held.get(HIGH));
        assertEquals(3, held.values().stream().distinct().count(), held.toString());
        // Settled: a further round changes nothing.
        Map<String, List<Cidr>> announced = new HashMap<>();
        held.forEach((id, prefix) -> announced.put(id, List.of(prefix)));
        for (String id : held.keySet()) {
            assertEquals(Outcome.KEPT, PrefixRule.decide(shared, id, Optional.of(held.get(id)), announced).outcome());
        }
    }

    @Test
    void theLoserSkipsCandidatesThatOthersAnnounce() throws Exception {
        Candidates c = candidates(LOW);
        Map<String, List<Cidr>> announced = Map.of(HIGH, List.of(c.get(0), c.get(1)), MID, List.of(c.get(2)));
        assertEquals(new Decision(c.get(3), Outcome.MOVED, Optional.of(HIGH)),
                PrefixRule.decide(c, LOW, Optional.of(c.get(0)), announced));
    }

    @Test
    void aWinnerNeverLeavesItsPrefixWhateverLowerIdsAnnounce() throws Exception {
        Candidates c = candidates(HIGH);
        Map<String, List<Cidr>> announced = Map.of(LOW, List.of(c.get(0)), MID, List.of(c.get(0), POOL));
        assertEquals(new Decision(c.get(0), Outcome.KEPT, Optional.empty()),
                PrefixRule.decide(c, HIGH, Optional.of(c.get(0)), announced));
    }

    @Test
    void withoutAPrefixTheFirstCandidateThatOverlapsNothingAnnounced() throws Exception {
        Candidates c = candidates(LOW);
        assertEquals(new Decision(c.get(0), Outcome.FIRST, Optional.empty()),
                PrefixRule.decide(c, LOW, Optional.empty(), Map.of()));
        // A static /20 of another node's inside the pool takes every /24 in it, whatever the ids.
        Cidr twenty = new Cidr(new Cidr(c.get(0).address(), 20).network(), 20);
        Decision d = PrefixRule.decide(c, HIGH, Optional.empty(), Map.of(LOW, List.of(twenty)));
        assertEquals(Outcome.FIRST, d.outcome());
        assertTrue(!twenty.overlaps(d.prefix()), d + " overlaps " + twenty);
        assertEquals(firstFree(c, twenty), d.prefix());
    }

    @Test
    void routesCoveringThePoolAndOtherFamiliesAreNoClaims() throws Exception {
        Candidates c = candidates(LOW);
        Map<String, List<Cidr>> announced = Map.of(HIGH, List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("10.0.0.0/8"),
                Cidr.parse("10.76.0.0/15"), Cidr.parse("192.168.7.0/24"), Cidr.parse("::/0"), Cidr.parse("fd00::/48")));
        assertEquals(new Decision(c.get(0), Outcome.KEPT, Optional.empty()),
                PrefixRule.decide(c, LOW, Optional.of(c.get(0)), announced));
        assertEquals(new Decision(c.get(0), Outcome.FIRST, Optional.empty()),
                PrefixRule.decide(c, LOW, Optional.empty(), announced));
    }

    @Test
    void itsOwnAnnouncementsAreNoCollision() throws Exception {
        Candidates c = candidates(LOW);
        Map<String, List<Cidr>> announced = Map.of(LOW, List.of(c.get(0), Cidr.parse(firstHost(c.get(0)) + "/32")),
                "02:00:00:FF:FE:00:00:01", List.of(c.get(0)));
        assertEquals(Outcome.KEPT, PrefixRule.decide(c, LOW, Optional.of(c.get(0)), announced).outcome());
    }

    @Test
    void aKeptPrefixThatIsNoCandidateAnyMoreIsReplacedByTheFirstCandidate() throws Exception {
        Candidates c = candidates(LOW);
        for (String stale : List.of("10.78.3.0/24", "10.77.3.0/25", "192.168.1.0/24")) {
            assertEquals(new Decision(c.get(0), Outcome.FIRST, Optional.empty()),
                    PrefixRule.decide(c, LOW, Optional.of(Cidr.parse(stale)), Map.of()), stale);
        }
    }

    @Test
    void aFullPoolIsAClearError() {
        Candidates c = new Candidates(Cidr.parse("10.77.0.0/22"), 24, LOW);
        List<Cidr> all = LongStream.range(0, 4).mapToObj(c::get).toList();
        PrefixRule.PoolExhausted e = assertThrows(PrefixRule.PoolExhausted.class,
                () -> PrefixRule.decide(c, LOW, Optional.of(all.get(0)), Map.of(HIGH, all.subList(0, 2),
                        MID, all.subList(2, 4))));
        assertEquals("mesh.pool 10.77.0.0/22 has no free /24 left: all 4 overlap prefixes that 2 other router(s)"
                + " announce; give the mesh a larger mesh.pool or a longer mesh.prefix_length", e.getMessage());
        // Still a clear answer while one is free, and the same error for a node without a prefix.
        assertThrows(PrefixRule.PoolExhausted.class, () -> PrefixRule.decide(c, LOW, Optional.empty(),
                Map.of(HIGH, all)));
    }

    @Test
    void aFixedLanConflictsWithClaimsOverlappingItButNotWithRoutesCoveringIt() {
        Map<String, List<Cidr>> announced = Map.of(
                HIGH, List.of(Cidr.parse("10.77.3.0/24"), Cidr.parse("0.0.0.0/0")),
                MID, List.of(Cidr.parse("10.77.0.0/20")),
                LOW, List.of(Cidr.parse("192.168.7.128/25"), Cidr.parse("192.168.0.0/16")));
        assertEquals(Map.of(HIGH, List.of(Cidr.parse("10.77.3.0/24")), MID, List.of(Cidr.parse("10.77.0.0/20"))),
                PrefixRule.conflicts("02:00:00:ff:fe:00:00:09", Cidr.parse("10.77.3.1/24"), POOL, announced));
        assertEquals(Map.of(LOW, List.of(Cidr.parse("192.168.7.128/25"))),
                PrefixRule.conflicts("02:00:00:ff:fe:00:00:09", Cidr.parse("192.168.7.1/24"), POOL, announced));
        assertEquals(Map.of(), PrefixRule.conflicts(HIGH, Cidr.parse("10.77.3.1/24"), POOL,
                Map.of(HIGH, List.of(Cidr.parse("10.77.3.0/24")))));
    }

    private static Cidr firstFree(Candidates c, Cidr taken) {
        List<Cidr> free = new ArrayList<>();
        for (long k = 0; k < c.count() && free.isEmpty(); k++) {
            if (!c.get(k).overlaps(taken)) {
                free.add(c.get(k));
            }
        }
        return free.getFirst();
    }

    private static String firstHost(Cidr prefix) {
        byte[] b = prefix.network().getAddress();
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + ((b[3] & 0xff) + 1);
    }
}
