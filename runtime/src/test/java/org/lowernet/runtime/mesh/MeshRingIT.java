package org.lowernet.runtime.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.Requires;
import org.lowernet.runtime.net.Netns;
import org.lowernet.runtime.router.NetLab;

/**
 * Four real daemons in a ring, A – B – C – D – A ({@link MeshLab}, static LANs), the uplink on A, the client on C,
 * which reaches A both ways round at the same cost. Cutting the link C uses (its veth deleted, a cable pulled)
 * reroutes: traffic flows again the other way round; the time until it does is printed, not asserted.
 */
class MeshRingIT {

    static final int A = 0;
    static final int B = 1;
    static final int C = 2;
    static final int D = 3;

    @TempDir
    Path folder;

    @Test
    void cuttingTheLinkInUseReroutesTheOtherWayRound() throws Exception {
        Requires.executable(Path.of("/usr/sbin/babeld"), "babeld");
        try (MeshLab lab = MeshLab.create(folder, 4)) {
            lab.link(A, B);
            lab.link(B, C);
            lab.link(C, D);
            lab.link(D, A);
            lab.uplink(A);
            for (int node : List.of(A, B, C, D)) {
                lab.start(node, "");
            }
            lab.await(A, "uplink: up via " + NetLab.ISP, 0);
            String idA = MeshIT.routerId(lab.await(A, "babeld: router-id ", 0));
            lab.awaitView(C, ", 2 neighbours .*, gateway " + idA + " via fe80::", 0);
            lab.clientLease(C);
            Netns far = lab.clientOf(C);
            NetLab.awaitPing(far, NetLab.ISP, 30);
            String wanA = NetLab.wanAddress(lab.nodes.get(A), "wan0");
            assertEquals("peer=" + wanA, MeshIT.peer(far), "C's client reaches the WAN target through A");

            // The way in use: C's default route leaves on mesh1 (towards B) or mesh3 (towards D).
            int via = viaNeighbour(lab.nodes.get(C));
            int other = via == B ? D : B;
            assertEquals(MeshLab.lanRouter(via), hop2(far), "traceroute agrees with C's route");

            long cut = System.nanoTime();
            lab.cut(C, via);
            NetLab.awaitPing(far, NetLab.ISP, 30);
            System.out.printf("mesh ring: C's client reaches the WAN target again %d ms after the link C-%s was cut"
                    + " (a ping a second, each waiting 1 s; babel's hello %d ms)%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut), MeshLab.tag(via), MeshLab.HELLO_MS);
            assertEquals(other, viaNeighbour(lab.nodes.get(C)), "the other way round");
            assertEquals(MeshLab.lanRouter(other), hop2(far), "traceroute goes the other way round");
            assertEquals("peer=" + wanA, MeshIT.peer(far), "still through A's uplink");
            lab.awaitView(C, ", 1 neighbour .*, gateway " + idA + " via fe80::\\S+%mesh" + other, 0);
        }
    }

    /** The neighbour the node's default route goes to: the j of its mesh&lt;j&gt; (bounded wait for one). */
    static int viaNeighbour(Netns node) throws Exception {
        NetLab.awaitRoute(node, "default", "proto babel", true);
        String route = node.ip("route", "show", "default");
        Matcher m = Pattern.compile("dev mesh(\\d)").matcher(route);
        if (!m.find()) {
            fail("no mesh link in the default route: " + route);
        }
        return Integer.parseInt(m.group(1));
    }

    /** The second hop of a traceroute from the client to the WAN target (the first is its own router). */
    private static String hop2(Netns client) throws Exception {
        NetLab.Result trace = NetLab.exec(client, 60, "busybox", "traceroute", "-n", "-q", "1", "-w", "2", "-m", "2",
                NetLab.ISP);
        List<String> hops = trace.output().lines().filter(l -> l.matches("^\\s*\\d+\\s+.*")).map(String::strip)
                .toList();
        assertEquals(2, hops.size(), trace.toString());
        String[] fields = hops.get(1).split("\\s+");
        assertNotEquals("*", fields[1], trace.toString());
        return fields[1];
    }
}
