package org.lowernet.runtime.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Three real daemons in a line, A – B – C, joined by veth mesh links ({@link MeshLab}); only A has an uplink
 * (an ISP namespace on its WAN); the LAN clients of A and C are used. Static LAN addresses 10.77.1.1/24, 10.77.2.1/24,
 * 10.77.3.1/24.
 */
class MeshIT {

    static final int A = 0;
    static final int B = 1;
    static final int C = 2;

    @TempDir
    Path folder;

    @Test
    void aLineOfThreeRoutesBothWaysSharesTheUplinkWithNatAtTheGatewayOnlyAndWithdrawsIt() throws Exception {
        Requires.executable(Path.of("/usr/sbin/babeld"), "babeld");
        try (MeshLab lab = MeshLab.create(folder, 3)) {
            lab.link(A, B);
            lab.link(B, C);
            Netns isp = lab.uplink(A);
            for (int node : List.of(A, B, C)) {
                lab.start(node, "");
            }
            for (int node : List.of(A, B, C)) {
                lab.await(node, "lowernet ready", 0);
            }
            lab.await(A, "uplink: up via " + NetLab.ISP, 0);
            String idA = routerId(lab.await(A, "babeld: router-id ", 0));
            String idB = routerId(lab.await(B, "babeld: router-id ", 0));

            // Each node's view names its neighbours with their costs: B has two, one on each link; B and C learn
            // A as their gateway, A announces its own uplink.
            String reachable = "fe80::\\S+%mesh\\d cost (?!65535)\\d+";
            String viewC = lab.awaitView(C, ", 1 neighbour " + reachable + ", .*, gateway " + idA + " via fe80::", 0);
            long toGateway = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lab.startedAt(C));
            System.out.println("mesh: C's default route via A " + toGateway + " ms after C's daemon started");
            assertTrue(viewC.contains("%mesh1 cost "), viewC);
            String viewB = lab.awaitView(B, ", 2 neighbours " + reachable + " " + reachable + ", .*, gateway " + idA, 0);
            assertTrue(viewB.contains("%mesh0 cost ") && viewB.contains("%mesh2 cost "), viewB);
            lab.awaitView(A, ", 1 neighbour " + reachable + ", .*, gateway self", 0);
            // The mesh links have only the kernel's link-local address, which lowernet leaves alone.
            String meshAddresses = lab.nodes.get(B).ip("-j", "addr", "show", "dev", "mesh0");
            assertTrue(meshAddresses.contains("\"local\":\"fe80::") && !meshAddresses.contains("\"family\":\"inet\","),
                    meshAddresses);
            // babel's routes are in the kernel: IPv4 over an IPv6 next hop, at babel's metric, beside lowernet's.
            NetLab.awaitRoute(lab.nodes.get(C), "10.77.1.0/24", "", true);
            NetLab.awaitRoute(lab.nodes.get(C), "default", "", true);
            String routeC = lab.nodes.get(C).ip("route", "show", "default");
            assertTrue(routeC.contains("via inet6 fe80::") && routeC.contains("proto babel src " + MeshLab.lanRouter(C)
                    + " metric " + BabelConfig.KERNEL_PRIORITY), routeC);
            String routeA = lab.nodes.get(A).ip("route", "show", "default");
            assertTrue(routeA.contains("via " + NetLab.ISP + " dev wan0 proto 76") && !routeA.contains("babel"), routeA);

            String clientA = lab.net.namedClientLease(lab.clientOf(A), "lanp", "laptop");
            String clientC = lab.clientLease(C);
            assertTrue(clientA.startsWith("10.77.1.") && clientC.startsWith("10.77.3."), clientA + " " + clientC);

            // C's client reaches A's client through two hops, and traceroute shows them: C, B, A.
            Netns far = lab.clientOf(C);
            NetLab.Result ping = NetLab.exec(far, 30, "busybox", "ping", "-c", "3", "-W", "5", clientA);
            assertEquals(0, ping.code(), ping.toString());
            assertTrue(ping.output().contains("ttl=61"), "three routers on the way: " + ping);
            NetLab.Result trace = NetLab.exec(far, 60, "busybox", "traceroute", "-n", "-q", "1", "-w", "3", clientA);
            List<String> hops = trace.output().lines().filter(l -> l.matches("^\\s*\\d+\\s+.*")).map(String::strip)
                    .toList();
            assertEquals(4, hops.size(), trace.toString());
            assertTrue(hops.get(0).startsWith("1  " + MeshLab.lanRouter(C) + " "), trace.toString());
            assertTrue(hops.get(1).startsWith("2  " + MeshLab.lanRouter(B) + " "), "via B: " + trace);
            assertTrue(hops.get(2).startsWith("3  " + MeshLab.lanRouter(A) + " "), trace.toString());
            assertTrue(hops.get(3).startsWith("4  " + clientA + " "), trace.toString());

            // C's client reaches the WAN target through A, which masquerades: the target sees A's WAN address.
            String wanA = NetLab.wanAddress(lab.nodes.get(A), "wan0");
            NetLab.Result http = NetLab.exec(far, 20, "busybox", "wget", "-q", "-O", "-",
                    "http://" + NetLab.ISP + ":8080/cgi-bin/peer");
            assertEquals("peer=" + wanA, http.output().strip(), http.toString());
            // Without NAT at A the ISP could not answer the mesh's addresses: it has no route to them.
            assertTrue(!isp.ip("route").contains("10.77."), isp.ip("route"));

            // Names: C has no uplink, so its DNS asks A's resolver across the mesh; every router is NAME.mesh, and
            // A's client laptop.NAME-OF-A.mesh, asked of A. The routers learn each other's names by respondd.
            String router = MeshLab.lanRouter(C);
            assertTrue(lookup(far, "target.test", router).contains("Address: " + NetLab.ISP), "a WAN name through C");
            long named = System.nanoTime();
            awaitName(far, MeshLab.name(A) + ".mesh", router, MeshLab.lanRouter(A));
            awaitName(far, MeshLab.name(B) + ".mesh", router, MeshLab.lanRouter(B));
            System.out.println("mesh: C's client resolves A's and B's names " + TimeUnit.NANOSECONDS.toMillis(
                    System.nanoTime() - named) + " ms after the first lookup");
            awaitName(far, "laptop." + MeshLab.name(A) + ".mesh", router, clientA);

            // C's mesh LED: waiting for a neighbour (slow blink), then neighbours and a gateway (solid); without a
            // gateway, 2 blinks.
            lab.awaitLeds(C, "mesh=slow blink", 0);
            lab.awaitLeds(C, "mesh=solid", 0);

            // A's uplink lost (udhcpc releases its lease): A withdraws its default route, B and C lose theirs.
            int mark = lab.net.lines.size();
            long lost = System.nanoTime();
            lab.signal(A, "udhcpc", "USR2");
            lab.await(A, "uplink: down (deconfig on wan0", mark);
            lab.awaitView(C, "gateway none$", mark);
            lab.awaitView(B, "gateway none$", mark);
            lab.awaitLeds(C, "mesh=2 blinks", mark);
            NetLab.awaitRoute(lab.nodes.get(B), "default", "", false);
            NetLab.awaitRoute(lab.nodes.get(C), "default", "", false);
            System.out.println("mesh: B's and C's default routes gone " + TimeUnit.NANOSECONDS.toMillis(
                    System.nanoTime() - lost) + " ms after A's lease was released");
            // The LANs still reach each other.
            assertEquals(0, NetLab.exec(far, 20, "busybox", "ping", "-c", "1", "-W", "5", clientA).code());
            assertTrue(lab.lastView(B).orElseThrow().contains("id " + idB), lab.lastView(B).toString());

            // C's babeld killed (SIGKILL: no retraction, its routes stay in the kernel): its supervisor starts it
            // again, the monitor reconnects, and C's view and routes come back.
            mark = lab.net.lines.size();
            long killed = System.nanoTime();
            lab.signal(C, "babeld", "9");
            lab.awaitView(C, "^c\\| mesh: id unknown, 0 neighbours", mark);
            lab.await(C, "babeld: started, pid", mark);
            // A's and B's LAN prefixes.
            lab.awaitView(C, ", 1 neighbour " + reachable + ", 2 routes in use", mark);
            System.out.println("mesh: C's view back " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed)
                    + " ms after its babeld was killed");
            // The others still hold C's routes from before, with the old babeld's sequence numbers (a killed
            // babeld saves no state): traffic flows again once they take the new announcements.
            NetLab.awaitPing(far, clientA, 60);
            System.out.println("mesh: C's client reaches A's again " + TimeUnit.NANOSECONDS.toMillis(
                    System.nanoTime() - killed) + " ms after C's babeld was killed");
        }
    }

    /**
     * Two gateways, A – B, each with an ISP of its own: each keeps using its own uplink (lowernet's default route
     * at metric 0; babel's at {@value BabelConfig#KERNEL_PRIORITY} never takes its place); A's lease released →
     * A's traffic leaves through B; A's lease back → through A again.
     */
    @Test
    void withTwoGatewaysEachUsesItsOwnUplinkAndFallsBackToTheOther() throws Exception {
        Requires.executable(Path.of("/usr/sbin/babeld"), "babeld");
        try (MeshLab lab = MeshLab.create(folder, 2)) {
            lab.link(A, B);
            lab.uplink(A);
            lab.uplink(B);
            lab.start(A, "");
            lab.start(B, "");
            lab.await(A, "uplink: up via " + NetLab.ISP, 0);
            lab.await(B, "uplink: up via " + NetLab.ISP, 0);
            String idB = routerId(lab.await(B, "babeld: router-id ", 0));
            lab.awaitView(A, ", 1 route in use, gateway self", 0);
            String clientA = lab.clientLease(A);
            Netns client = lab.clientOf(A);
            String wanA = NetLab.wanAddress(lab.nodes.get(A), "wan0");
            String wanB = NetLab.wanAddress(lab.nodes.get(B), "wan0");
            assertEquals("peer=" + wanA, peer(client), "A uses its own uplink");
            String routes = lab.nodes.get(A).ip("route", "show", "default");
            assertTrue(routes.startsWith("default via " + NetLab.ISP + " dev wan0 proto 76"), routes);

            int mark = lab.net.lines.size();
            long lost = System.nanoTime();
            lab.signal(A, "udhcpc", "USR2");
            lab.awaitView(A, "gateway " + idB + " via fe80::", mark);
            NetLab.awaitRoute(lab.nodes.get(A), "default", "proto babel", true);
            long moved = NetLab.awaitPing(client, NetLab.ISP, 30);
            assertEquals("peer=" + wanB, peer(client), "A's traffic leaves through B");
            System.out.println("mesh: A's client reaches the WAN through B " + (TimeUnit.NANOSECONDS.toMillis(
                    System.nanoTime() - lost) - moved) + " to " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lost)
                    + " ms after A's lease was released");

            // The lease back: lowernet's own default route beside babel's, and the kernel takes lowernet's.
            mark = lab.net.lines.size();
            lab.signal(A, "udhcpc", "USR1");
            lab.await(A, "uplink: up via " + NetLab.ISP, mark);
            NetLab.awaitRoute(lab.nodes.get(A), "default", "proto 76", true);
            lab.awaitView(A, "gateway self", mark);
            String both = lab.nodes.get(A).ip("route", "show", "default");
            System.out.println("mesh: A's default routes with its lease back:\n" + both);
            assertTrue(both.startsWith("default via " + NetLab.ISP + " dev wan0 proto 76"), both);
            assertEquals("peer=" + NetLab.wanAddress(lab.nodes.get(A), "wan0"), peer(client), "A's own uplink again: " + both);
        }
    }

    /** What the WAN target says of the client's connection: "peer=ADDRESS". */
    private static String peer(Netns client) throws Exception {
        NetLab.Result http = NetLab.exec(client, 20, "busybox", "wget", "-q", "-O", "-",
                "http://" + NetLab.ISP + ":8080/cgi-bin/peer");
        return http.output().strip();
    }

    /**
     * Two nodes, A (with the uplink) – B ({@code mesh.policy = isolated}): B's client reaches A's client and the
     * WAN target; A's client cannot open anything on B's LAN (only replies come back), and on B itself only
     * what the mesh may use (DNS here, not another port).
     */
    @Test
    void anIsolatedNodesLanGetsOnlyRepliesFromTheMeshButStillReachesTheMeshAndTheUplink() throws Exception {
        Requires.executable(Path.of("/usr/sbin/babeld"), "babeld");
        try (MeshLab lab = MeshLab.create(folder, 2)) {
            lab.link(A, B);
            lab.uplink(A);
            lab.start(A, "");
            lab.start(B, "mesh.policy = isolated\n");
            lab.await(B, "lowernet ready", 0);
            assertTrue(lab.await(B, "firewall: table inet lowernet loaded", 0).endsWith("mesh mesh0, isolated from the LAN)"));
            String idA = routerId(lab.await(A, "babeld: router-id ", 0));
            lab.awaitView(B, "gateway " + idA + " via fe80::", 0);
            String clientA = lab.clientLease(A);
            String clientB = lab.clientLease(B);
            Netns inside = lab.clientOf(B);
            Netns outside = lab.clientOf(A);

            // Out of the isolated LAN: to the mesh and through A's uplink.
            assertEquals(0, NetLab.exec(inside, 20, "busybox", "ping", "-c", "1", "-W", "5", clientA).code());
            NetLab.Result http = NetLab.exec(inside, 20, "busybox", "wget", "-q", "-O", "-",
                    "http://" + NetLab.ISP + ":8080/cgi-bin/peer");
            assertEquals("peer=" + NetLab.wanAddress(lab.nodes.get(A), "wan0"), http.output().strip(), http.toString());

            // Into it from the mesh: nothing opens, not even a ping; B's own listener on 9000 neither, its DNS does.
            lab.net.background(inside, "listener", "busybox", "httpd", "-f", "-p", clientB + ":9000", "-h",
                    folder.toString());
            lab.net.background(lab.nodes.get(B), "router-listener", "busybox", "httpd", "-f", "-p",
                    MeshLab.lanRouter(B) + ":9000", "-h", folder.toString());
            Thread.sleep(300);
            assertEquals(0, NetLab.exec(lab.nodes.get(B), 10, "busybox", "nc", clientB, "9000").code(),
                    "control: the client's listener answers from its router");
            assertEquals(0, NetLab.exec(outside, 10, "busybox", "nc", MeshLab.lanRouter(B), "53").code(),
                    "B's DNS answers TCP from the mesh");
            for (String target : List.of(clientB + " 9000", MeshLab.lanRouter(B) + " 9000")) {
                String[] hostPort = target.split(" ");
                NetLab.Result attempt = NetLab.exec(outside, 10, "busybox", "timeout", "3", "busybox", "nc",
                        hostPort[0], hostPort[1]);
                assertTrue(attempt.code() != 0, "the mesh opened " + target + ": " + attempt);
            }
            assertTrue(NetLab.exec(outside, 10, "busybox", "ping", "-c", "1", "-W", "2", clientB).code() != 0,
                    "the mesh pinged into the isolated LAN");
        }
    }

    static String routerId(String line) {
        Matcher m = Pattern.compile("router-id (\\S+),").matcher(line);
        if (!m.find()) {
            fail("no router-id in '" + line + "'");
        }
        return m.group(1);
    }

    private static String lookup(Netns client, String name, String server) throws Exception {
        return NetLab.exec(client, 10, "busybox", "nslookup", "-type=a", name, server).output();
    }

    /** Asks {@code server} for {@code name} once a second until it answers {@code address} (bounded: 45 s). */
    private static void awaitName(Netns client, String name, String server, String address) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = lookup(client, name, server);
            if (last.contains("Address: " + address)) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(name + " did not resolve to " + address + " at " + server + ": " + last);
    }
}
