package org.lowernet.runtime.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.Requires;
import org.lowernet.runtime.config.Ipv4;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.prefix.Candidates;
import org.lowernet.runtime.prefix.PrefixKeeper;
import org.lowernet.runtime.router.NetLab;

/**
 * A forced collision: two real daemons, A – B ({@link MeshLab}, automatic prefixes), both given the same test-only
 * seed ({@value PrefixKeeper#TEST_SEED}), so both start on the same first candidate. Babel's announcements show
 * the overlap; the rule moves one node (the lower router id) to its next candidate, with its LAN address and
 * prefix file, the other keeps it. Each client then leases in its own node's prefix and reaches the other, and
 * for a minute nothing changes again (no move, no collision, the same prefix files), the clients still working.
 */
class MeshCollisionIT {

    static final int A = 0;
    static final int B = 1;
    static final Cidr POOL = Cidr.parse("10.77.0.0/16");
    static final String SEED = "collide";
    static final Pattern MOVED = Pattern.compile("mesh prefix: \\S+ is also claimed by router (\\S+) .* moves to (\\S+):");

    @TempDir
    Path folder;

    @Test
    void oneNodeMovesTheOtherKeepsBothLansServeTheirOwnPrefixAndNothingChangesForAMinute() throws Exception {
        Requires.executable(Path.of("/usr/sbin/babeld"), "babeld");
        Candidates candidates = new Candidates(POOL, 24, SEED);
        Cidr first = candidates.get(0);
        try (MeshLab lab = MeshLab.create(folder, 2)) {
            lab.link(A, B);
            lab.automaticPrefixes();
            for (int node : List.of(A, B)) {
                lab.start(node, "", PrefixKeeper.TEST_SEED + "=" + SEED);
            }
            for (int node : List.of(A, B)) {
                lab.await(node, "mesh prefix: " + first.subnet() + " chosen", 0);
            }
            String line = lab.net.lines.get(lab.net.await(l -> MOVED.matcher(l).find(), "a node moving", 0));
            int loser = line.startsWith(MeshLab.tag(A) + "| ") ? A : B;
            int winner = loser == A ? B : A;
            Matcher m = MOVED.matcher(line);
            assertTrue(m.find());
            Cidr next = Cidr.parse(m.group(2));
            assertEquals(candidates.get(1), next, line);
            assertEquals(MeshIT.routerId(lab.await(winner, "babeld: router-id ", 0)), m.group(1),
                    "the winner is the router the loser names: " + line);
            // The loser says it moves, then saves: its file follows within moments.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!next.equals(lab.prefix(loser)) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(next, lab.prefix(loser), "the loser's file follows");
            assertEquals(first, lab.prefix(winner), "the winner keeps its prefix");

            String loserLease = lab.clientLease(loser);
            String winnerLease = lab.clientLease(winner);
            assertTrue(next.contains(Ipv4.parse(loserLease).toInetAddress()), loserLease + " in " + next);
            assertTrue(first.contains(Ipv4.parse(winnerLease).toInetAddress()), winnerLease + " in " + first);
            NetLab.awaitPing(lab.clientOf(loser), winnerLease, 30);
            NetLab.awaitPing(lab.clientOf(winner), loserLease, 30);

            // A minute without change: no further move or collision said, the same prefixes kept.
            int mark = lab.net.lines.size();
            Thread.sleep(TimeUnit.SECONDS.toMillis(60));
            List<String> later;
            long moves;
            synchronized (lab.net.lines) {
                later = lab.net.lines.subList(mark, lab.net.lines.size()).stream()
                        .filter(l -> l.contains("mesh prefix: ")).toList();
                moves = lab.net.lines.stream().filter(l -> MOVED.matcher(l).find()).count();
            }
            assertEquals(List.of(), later, "nothing changes for a minute");
            assertEquals(next, lab.prefix(loser));
            assertEquals(first, lab.prefix(winner));
            assertEquals(0, NetLab.exec(lab.clientOf(loser), 10, "busybox", "ping", "-c", "1", "-W", "5",
                    winnerLease).code(), "the clients still reach each other");
            assertEquals(0, NetLab.exec(lab.clientOf(winner), 10, "busybox", "ping", "-c", "1", "-W", "5",
                    loserLease).code(), "the clients still reach each other");
            assertEquals(1, moves, "one move only");
        }
    }
}
