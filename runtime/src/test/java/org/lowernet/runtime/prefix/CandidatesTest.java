package org.lowernet.runtime.prefix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lowernet.runtime.ip.Cidr;

class CandidatesTest {

    static final Cidr POOL = Cidr.parse("10.77.0.0/16");
    static final String NODE = "02:16:3e:ff:fe:12:34:56";

    @ParameterizedTest(name = "{0} as /{1}")
    @CsvSource({"10.77.0.0/16, 24, 256", "10.77.0.0/16, 16, 1", "10.77.0.0/16, 17, 2", "10.0.0.0/8, 20, 4096",
            "192.168.0.0/20, 29, 512", "10.77.0.0/16, 27, 2048"})
    void theFirstCountCandidatesAreEveryPrefixOfThePoolOnceThenTheyRepeat(String pool, int length, long count) {
        Candidates candidates = new Candidates(Cidr.parse(pool), length, NODE);
        assertEquals(count, candidates.count());
        Set<Cidr> seen = new HashSet<>();
        for (long k = 0; k < count; k++) {
            Cidr c = candidates.get(k);
            assertEquals(length, c.prefixLength());
            assertEquals(c.network(), c.address(), c + " is a network");
            assertTrue(Cidr.parse(pool).contains(c.address()), c + " inside " + pool);
            assertTrue(seen.add(c), "candidate " + k + " repeats " + c);
            assertEquals(OptionalLong.of(k), candidates.indexOf(c), "indexOf " + c);
            assertEquals(count, candidates.count());
        }
        assertEquals(candidates.get(0), candidates.get(count), "after the whole pool the order starts again");
        assertEquals(candidates.get(3 % count), candidates.get(count + 3));
    }

    @Test
    void theSameSeedGivesTheSameOrderAndOthersAnotherOne() {
        List<Cidr> first = order(new Candidates(POOL, 24, NODE));
        assertEquals(first, order(new Candidates(POOL, 24, NODE)));
        List<Cidr> other = order(new Candidates(POOL, 24, "02:16:3e:ff:fe:12:34:57"));
        assertNotEquals(first, other);
        // Fixed answers: candidate k of a seed must be the same in every version of lowernet, or a node updated
        // after losing a collision would try its old winner's prefix again.
        Candidates pinned = new Candidates(POOL, 24, "02:00:00:ff:fe:00:00:10");
        assertEquals(List.of(Cidr.parse("10.77.64.0/24"), Cidr.parse("10.77.226.0/24")),
                List.of(pinned.get(0), pinned.get(1)));
        // Not the pool's order: neighbours in the sequence are not neighbours in the pool.
        long inOrder = LongStream.range(0, 255).filter(k -> slot(first.get((int) k + 1)) == slot(first.get((int) k)) + 1)
                .count();
        assertTrue(inOrder < 16, inOrder + " of 255 steps go to the next prefix of the pool");
    }

    @Test
    void differentSeedsMostlyStartAtDifferentPrefixes() {
        Set<Cidr> firsts = new HashSet<>();
        for (int i = 0; i < 32; i++) {
            firsts.add(new Candidates(POOL, 24, String.format("02:00:00:ff:fe:00:00:%02x", i)).get(0));
        }
        assertTrue(firsts.size() >= 24, "32 nodes start at only " + firsts.size() + " different prefixes");
    }

    @Test
    void slotsArePlacesInThePoolInAddressOrder() {
        Candidates candidates = new Candidates(POOL, 24, NODE);
        assertEquals(OptionalLong.of(0), candidates.slotOf(Cidr.parse("10.77.0.0/24")));
        assertEquals(OptionalLong.of(3), candidates.slotOf(Cidr.parse("10.77.3.0/24")));
        assertEquals(OptionalLong.of(255), candidates.slotOf(Cidr.parse("10.77.255.0/24")));
        for (String notOne : List.of("10.78.0.0/24", "10.77.3.0/25", "10.77.3.1/24", "10.77.0.0/16", "fd00::/64")) {
            assertEquals(OptionalLong.empty(), candidates.slotOf(Cidr.parse(notOne)), notOne);
            assertEquals(OptionalLong.empty(), candidates.indexOf(Cidr.parse(notOne)), notOne);
        }
    }

    @Test
    void aPrefixLengthShorterThanThePoolIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Candidates(POOL, 15, NODE));
        assertEquals("no /15 prefixes in pool 10.77.0.0/16", e.getMessage());
    }

    private static List<Cidr> order(Candidates candidates) {
        return LongStream.range(0, candidates.count()).mapToObj(candidates::get).toList();
    }

    private static long slot(Cidr prefix) {
        return new Candidates(POOL, 24, NODE).slotOf(prefix).orElseThrow();
    }
}
