package org.lowernet.runtime.prefix;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lowernet.runtime.ip.Cidr;

/**
 * Which prefix this node holds, from what the other routers announce (RFC 7695 style, without its priorities):
 * a prefix overlapped by another router's claim stays with the higher router id, the other moves to its next
 * candidate that overlaps nothing announced. A node never leaves a prefix it wins, and chooses anew only when it
 * loses, so the mesh settles: the highest id of every collision keeps its prefix from the first round on.
 *
 * <p>What counts as a claim: an announcement inside the pool, whatever its length (another node's automatic
 * prefix, or a static lan.address someone put in the pool). Routes that cover the whole pool (a default route, an
 * aggregate such as 10.0.0.0/8) are routes towards elsewhere, not claims: a /N inside them is more specific and
 * wins the routing, so they never block a candidate. Announcements of the other family never overlap.
 */
public final class PrefixRule {

    /** How the prefix came about. */
    public enum Outcome {
        /** The prefix held before is still this node's. */
        KEPT,
        /** None was held (first start, or the kept one is not in the pool any more): the first free candidate. */
        FIRST,
        /** The prefix held before was lost to {@link Decision#winner()}: the next free candidate. */
        MOVED
    }

    /**
     * @param prefix  the prefix to hold
     * @param outcome kept, first or moved
     * @param winner  when moved: the router whose claim took the prefix held before
     */
    public record Decision(Cidr prefix, Outcome outcome, Optional<String> winner) {
    }

    /** Every candidate of the pool overlaps some other router's claim. */
    public static final class PoolExhausted extends Exception {
        PoolExhausted(Candidates candidates, int claimants) {
            super("mesh.pool " + candidates.pool().subnet() + " has no free /" + candidates.prefixLength() + " left: all "
                    + candidates.count() + " overlap prefixes that " + claimants + " other router(s) announce;"
                    + " give the mesh a larger mesh.pool or a longer mesh.prefix_length");
        }
    }

    /** Router ids as babel writes them (02:16:3e:ff:fe:12:34:56): the larger number is the higher id. */
    static final Comparator<String> ID_ORDER = Comparator.comparing((String id) -> digits(id).length())
            .thenComparing(PrefixRule::digits);

    private PrefixRule() {
    }

    /**
     * @param ownId     this node's router id; its own entry in {@code announced} is ignored
     * @param current   the prefix held now (from /data at start); one that is not a candidate of the pool is ignored
     * @param announced router id to the prefixes it announces, as babel's routes say
     */
    public static Decision decide(Candidates candidates, String ownId, Optional<Cidr> current,
                                  Map<String, List<Cidr>> announced) throws PoolExhausted {
        SortedMap<String, List<Cidr>> claims = claims(ownId, candidates.pool(), announced);
        Optional<Cidr> held = current.filter(c -> candidates.indexOf(c).isPresent());
        if (held.isEmpty()) {
            return new Decision(free(candidates, 0, claims), Outcome.FIRST, Optional.empty());
        }
        Optional<String> winner = overlapping(held.get(), claims).keySet().stream().max(ID_ORDER)
                .filter(id -> ID_ORDER.compare(id, ownId) > 0);
        if (winner.isEmpty()) {
            return new Decision(held.get(), Outcome.KEPT, Optional.empty());
        }
        long next = candidates.indexOf(held.get()).getAsLong() + 1;
        return new Decision(free(candidates, next, claims), Outcome.MOVED, winner);
    }

    /**
     * The other routers' claims that overlap {@code lan}, by router id: a fixed lan.address is never moved, only
     * checked. Inside the pool, claims are judged as for automatic prefixes; outside it, against the LAN's own
     * subnet (its own prefix or longer), so a default route is no conflict.
     */
    public static SortedMap<String, List<Cidr>> conflicts(String ownId, Cidr lan, Cidr pool,
                                                          Map<String, List<Cidr>> announced) {
        Cidr subnet = new Cidr(lan.network(), lan.prefixLength());
        Cidr scope = inside(subnet, pool) ? pool : subnet;
        return overlapping(subnet, claims(ownId, scope, announced));
    }

    /** The first candidate from {@code from} on (wrapping once round the pool) that no claim overlaps. */
    private static Cidr free(Candidates candidates, long from, SortedMap<String, List<Cidr>> claims)
            throws PoolExhausted {
        for (long k = 0; k < candidates.count(); k++) {
            Cidr candidate = candidates.get(from + k);
            if (overlapping(candidate, claims).isEmpty()) {
                return candidate;
            }
        }
        throw new PoolExhausted(candidates, claims.size());
    }

    /** The others' announcements inside {@code scope}, by router id (sorted, so results do not depend on map order). */
    private static SortedMap<String, List<Cidr>> claims(String ownId, Cidr scope, Map<String, List<Cidr>> announced) {
        SortedMap<String, List<Cidr>> claims = new TreeMap<>();
        announced.forEach((id, prefixes) -> {
            List<Cidr> inside = prefixes.stream().filter(p -> inside(p, scope)).toList();
            if (!digits(id).equals(digits(ownId)) && !inside.isEmpty()) {
                claims.put(id, inside);
            }
        });
        return claims;
    }

    private static SortedMap<String, List<Cidr>> overlapping(Cidr prefix, SortedMap<String, List<Cidr>> claims) {
        SortedMap<String, List<Cidr>> hits = new TreeMap<>();
        claims.forEach((id, prefixes) -> {
            List<Cidr> overlap = prefixes.stream().filter(p -> p.overlaps(prefix)).toList();
            if (!overlap.isEmpty()) {
                hits.put(id, overlap);
            }
        });
        return hits;
    }

    /** Whether {@code prefix} lies in {@code scope} (equal or more specific, same family). */
    private static boolean inside(Cidr prefix, Cidr scope) {
        return prefix.family() == scope.family() && prefix.prefixLength() >= scope.prefixLength()
                && scope.contains(prefix.network());
    }

    /** The id's hex digits, lower case, without separators. */
    private static String digits(String id) {
        return id.toLowerCase(Locale.ROOT).replaceAll("[^0-9a-f]", "");
    }
}
