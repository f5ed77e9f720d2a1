package org.lowernet.runtime.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.Requires;
import org.lowernet.runtime.config.Ipv4;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.Netns;
import org.lowernet.runtime.net.netlink.NetworkNamespace;
import org.lowernet.runtime.respondd.NodeAnswer;
import org.lowernet.runtime.respondd.RespondClient;
import org.lowernet.runtime.respondd.Respondd;
import org.lowernet.runtime.router.NetLab;

/**
 * Four real daemons in a line, A – B – C – D ({@link MeshLab}), with automatic prefixes (no lan.address: each
 * node picks its LAN from mesh.pool, seeded by its own router id), the uplink on A. One topology for every check
 * of the far end, D:
 * <ul>
 * <li>D's client gets a lease inside D's chosen prefix, reaches B's client and the WAN target through three
 * hops (the target sees A's WAN address); traceroute shows D, C, B, A;</li>
 * <li>names: D's client resolves a WAN name through D (whose resolver asks the gateway's across the mesh), every
 * other router's NAME.mesh and B's client's CLIENT.NAME-OF-B.mesh;</li>
 * <li>IPv6: D's and B's clients get addresses in their nodes' ULA /64s by router advertisement, and D's reaches
 * B's with ping -6;</li>
 * <li>respondd from every node: a probe namespace on D's extra mesh port {@code probe} sends the link-local
 * multicast query (ff02::2:1001) and gets D's answer (multicast reaches only direct neighbours); A, B and C
 * are asked by unicast at their LAN addresses from D's client, across the routed mesh
 * ({@link RespondClient#ask(InetAddress, Duration)}), where each request arrives on a mesh port as respondd
 * expects. Every answer must carry nodeinfo (hostname, node id), statistics (uptime) and neighbours.</li>
 * </ul>
 */
class MeshLineIT {

    static final int A = 0;
    static final int B = 1;
    static final int C = 2;
    static final int D = 3;

    @TempDir
    Path folder;

    @Test
    void aLineOfFourWithAutomaticPrefixesRoutesEndToEndOverIpv4AndIpv6AndAnswersRespondd() throws Exception {
        Requires.executable(Path.of("/usr/sbin/babeld"), "babeld");
        try (MeshLab lab = MeshLab.create(folder, 4)) {
            lab.link(A, B);
            lab.link(B, C);
            lab.link(C, D);
            lab.uplink(A);
            // The probe: a namespace on D's extra mesh port. java.net finds an interface in a thread's namespace
            // by its IPv4 address only, so the probe's end has one (a documentation address, never routed).
            Netns probe = lab.net.namespace();
            lab.nodes.get(D).ip("link", "add", "probe", "type", "veth", "peer", "name", "probe", "netns", probe.name);
            probe.ip("addr", "add", "192.0.2.2/24", "dev", "probe");
            probe.ip("link", "set", "probe", "up");
            lab.automaticPrefixes();
            for (int node : List.of(A, B, C, D)) {
                lab.start(node, node == D ? "interface.probe.role = mesh\n" : "");
            }
            List<Cidr> prefixes = new ArrayList<>();
            for (int node : List.of(A, B, C, D)) {
                lab.await(node, "lowernet ready", 0);
                prefixes.add(lab.prefix(node));
                lab.await(node, "mesh prefix: " + prefixes.get(node).subnet() + " chosen from mesh.pool", 0);
            }
            assertEquals(4, new HashSet<>(prefixes).size(), "four distinct prefixes: " + prefixes);
            lab.await(A, "uplink: up via " + NetLab.ISP, 0);
            String idA = MeshIT.routerId(lab.await(A, "babeld: router-id ", 0));
            Set<String> ids = new HashSet<>();
            for (int node : List.of(A, B, C, D)) {
                ids.add(MeshIT.routerId(lab.await(node, "babeld: router-id ", 0)));
            }
            assertEquals(4, ids.size(), "each node's router id differs: " + ids);
            lab.awaitView(D, "gateway " + idA + " via fe80::", 0);
            for (int node : List.of(A, B, C)) {
                NetLab.awaitRoute(lab.nodes.get(D), prefixes.get(node).subnet(), "proto babel", true);
            }

            // IPv6 by router advertisement first: the link bounced makes the client solicit one now.
            Netns far = lab.clientOf(D);
            Netns other = lab.clientOf(B);
            String farV6 = slaac(lab, D);
            String otherV6 = slaac(lab, B);

            String farLease = lab.clientLease(D);
            String otherLease = lab.net.namedClientLease(other, "lanp", "laptop");
            assertTrue(prefixes.get(D).contains(Ipv4.parse(farLease).toInetAddress()),
                    farLease + " inside D's prefix " + prefixes.get(D));
            assertTrue(prefixes.get(B).contains(Ipv4.parse(otherLease).toInetAddress()),
                    otherLease + " inside B's prefix " + prefixes.get(B));

            // D's client reaches B's client: D, C, B route it (ttl 64 - 3).
            NetLab.Result ping = NetLab.exec(far, 30, "busybox", "ping", "-c", "3", "-W", "5", otherLease);
            assertEquals(0, ping.code(), ping.toString());
            assertTrue(ping.output().contains("ttl=61"), "three routers on the way: " + ping);

            // The WAN target through three hops, masqueraded at A; traceroute shows D, C, B, A, the target.
            String wanA = NetLab.wanAddress(lab.nodes.get(A), "wan0");
            assertEquals("peer=" + wanA, MeshIT.peer(far), "the target sees A's WAN address");
            NetLab.Result trace = NetLab.exec(far, 60, "busybox", "traceroute", "-n", "-q", "1", "-w", "3",
                    NetLab.ISP);
            System.out.println("mesh line: D's client to the WAN target:\n" + trace.output());
            List<String> hops = trace.output().lines().filter(l -> l.matches("^\\s*\\d+\\s+.*")).map(String::strip)
                    .toList();
            assertEquals(5, hops.size(), trace.toString());
            List<Integer> path = List.of(D, C, B, A);
            for (int i = 0; i < path.size(); i++) {
                assertTrue(hops.get(i).startsWith((i + 1) + "  " + lab.router(path.get(i)) + " "),
                        "hop " + (i + 1) + " is " + MeshLab.tag(path.get(i)) + ": " + trace);
            }
            assertTrue(hops.get(4).startsWith("5  " + NetLab.ISP + " "), trace.toString());

            // IPv6 across the mesh: D's client to B's client.
            NetLab.Result ping6 = NetLab.exec(far, 30, "busybox", "ping", "-6", "-c", "3", "-W", "5", otherV6);
            assertEquals(0, ping6.code(), "D's client " + farV6 + " reaches B's client " + otherV6 + ": " + ping6);

            // respondd: the multicast query on D's probe link, then A, B, C by unicast from D's client.
            probe.linkLocal("probe");
            List<NodeAnswer> answers = new ArrayList<>(List.of(multicast(lab, probe)));
            checkAnswer(lab, answers.getFirst(), D);
            for (int node : List.of(A, B, C)) {
                InetAddress address = InetAddress.getByName(lab.router(node));
                Optional<NodeAnswer> answer = Optional.empty();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (answer.isEmpty() && System.nanoTime() < deadline) {
                    answer = NetworkNamespace.named(far.name).call(() -> new RespondClient(Respondd.PORT)
                            .ask(address, Duration.ofSeconds(1)));
                }
                assertTrue(answer.isPresent(), MeshLab.tag(node) + " at " + address + " did not answer in 20 s");
                checkAnswer(lab, answer.get(), node);
                answers.add(answer.get());
            }
            // Each node's neighbours: babel's, as its view has them (a line: A and D one, B and C two).
            for (NodeAnswer answer : answers) {
                String hostname = answer.hostname().orElseThrow();
                boolean end = hostname.equals(MeshLab.name(A)) || hostname.equals(MeshLab.name(D));
                assertEquals(end ? 1 : 2, answer.links().size(), "neighbours: " + answer);
            }

            // Names, through D's resolver: every router is NAME.mesh (D knows them from respondd); B's client
            // laptop.NAME-OF-B.mesh is asked of B across the mesh; D has no uplink, so a WAN name is asked of A's.
            String resolver = lab.router(D);
            long named = System.nanoTime();
            for (int node : List.of(A, B, C)) {
                MeshIT.awaitName(far, MeshLab.name(node) + ".mesh", resolver, lab.router(node));
            }
            System.out.println("mesh line: D's client resolves A's, B's and C's names " + TimeUnit.NANOSECONDS
                    .toMillis(System.nanoTime() - named) + " ms after the first lookup");
            MeshIT.awaitName(far, "laptop." + MeshLab.name(B) + ".mesh", resolver, otherLease);
            MeshIT.awaitName(far, "target.test", resolver, NetLab.ISP);

        }
    }

    /** The client of {@code node} solicits a router advertisement; its address in the node's ULA /64. */
    private static String slaac(MeshLab lab, int node) throws Exception {
        Netns client = lab.clientOf(node);
        client.ip("link", "set", "lanp", "down");
        client.ip("link", "set", "lanp", "up");
        return NetLab.awaitSlaac(client, "lanp", ula64(lab.nodes.get(node)), lab.net.lines);
    }

    /** The first four groups of the node's ULA on lan0 and a colon ("fd12:3456:789a:4e:"): its /64. */
    private static String ula64(Netns node) throws Exception {
        String shown = node.ip("-6", "-o", "addr", "show", "dev", "lan0", "scope", "global");
        Matcher m = Pattern.compile("inet6 (fd[0-9a-f:]+)/64").matcher(shown);
        if (!m.find()) {
            fail("no ULA /64 on lan0: " + shown);
        }
        byte[] bytes = InetAddress.getByName(m.group(1)).getAddress();
        return IntStream.range(0, 4).mapToObj(i -> Integer.toHexString(((bytes[2 * i] & 0xff) << 8)
                | (bytes[2 * i + 1] & 0xff))).collect(Collectors.joining(":")) + ":";
    }

    /** Asks on the probe link until a node answers (bounded: 40 s); its answer. */
    private static NodeAnswer multicast(MeshLab lab, Netns probe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (System.nanoTime() < deadline) {
            RespondClient.Result result = NetworkNamespace.named(probe.name)
                    .call(() -> new RespondClient(Respondd.PORT).ask("probe", Duration.ofSeconds(1)));
            assertEquals(List.of(), result.errors());
            if (!result.nodes().isEmpty()) {
                assertEquals(1, result.nodes().size(), "only D is on the probe link: " + result);
                return result.nodes().getFirst();
            }
        }
        fail("no respondd answer on D's probe link within 40 s: " + lab.net.lines);
        return null;
    }

    /** Nodeinfo (hostname, node id, the LAN address among its addresses) and statistics (uptime) of the node. */
    private static void checkAnswer(MeshLab lab, NodeAnswer answer, int node) throws Exception {
        System.out.println("mesh line: respondd of " + MeshLab.tag(node) + ": " + answer);
        assertEquals(Optional.of(MeshLab.name(node)), answer.hostname(), answer.toString());
        assertEquals(12, answer.nodeId().length(), answer.toString());
        assertTrue(answer.addresses().contains(lab.router(node)), "its LAN address: " + answer);
        assertTrue(answer.uptime().isPresent(), "statistics: " + answer);
    }
}
