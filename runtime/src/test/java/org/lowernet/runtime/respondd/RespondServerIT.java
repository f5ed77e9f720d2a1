package org.lowernet.runtime.respondd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.lowernet.runtime.health.MeshGateway;
import org.lowernet.runtime.health.MeshNeighbour;
import org.lowernet.runtime.health.MeshState;
import org.lowernet.runtime.health.Samples;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.json.DocumentedFields;
import org.lowernet.runtime.net.Netns;
import org.lowernet.runtime.net.netlink.NetworkNamespace;
import org.lowernet.runtime.watch.Watch;

/**
 * respondd over real sockets between network namespaces: the node {@code a} runs the server on its mesh
 * veth {@code rm0} (to {@code b}) and not on its other veth {@code rl0} (to {@code c}).
 *
 * <p>The server class runs on a thread started inside {@code a} (its sockets and thread live there), not the
 * whole daemon: the daemon needs babeld, dnsmasq and a board root to come up, which the lead's netlab mesh
 * tests bring; here the point is the protocol on the wire, the mesh-only listening and the bounds.
 * Run under {@code flock /tmp/lowernet-qemu.lock}: netlab's namespaces share the machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RespondServerIT {

    /** A second server, on the non-mesh veth and another port, proves that link carries queries at all. */
    private static final int CONTROL_PORT = 1002;
    private static final Duration LISTEN = Duration.ofSeconds(2);
    /** A babel router id, as babeld writes it. */
    private static final String GATEWAY = "02:00:00:ff:fe:00:00:03";

    private Netns a;
    private Netns b;
    private Netns c;
    private RespondServer server;
    private RespondServer control;
    private String bAddress;

    @BeforeAll
    void link() throws Exception {
        a = Netns.create();
        b = Netns.create();
        c = Netns.create();
        a.ip("link", "add", "rm0", "type", "veth", "peer", "name", "rm1", "netns", b.name);
        a.ip("link", "add", "rl0", "type", "veth", "peer", "name", "rl1", "netns", c.name);
        for (Netns ns : List.of(a, b, c)) {
            ns.ip("link", "set", "lo", "up");
        }
        // java.net.NetworkInterface finds an interface by its IPv4 addresses (ioctl, the thread's namespace) or by
        // /proc/net/if_inet6, which is the process's namespace, not a thread's: in the test, only IPv4 finds the
        // veths. On the device the runtime is all in one namespace and the link-local address is enough.
        a.ip("addr", "add", "192.0.2.1/24", "dev", "rm0");
        a.ip("addr", "add", "198.51.100.1/24", "dev", "rl0");
        b.ip("addr", "add", "192.0.2.2/24", "dev", "rm1");
        c.ip("addr", "add", "198.51.100.2/24", "dev", "rl1");
        a.ip("link", "set", "rm0", "up");
        a.ip("link", "set", "rl0", "up");
        b.ip("link", "set", "rm1", "up");
        c.ip("link", "set", "rl1", "up");
        a.linkLocal("rm0");
        a.linkLocal("rl0");
        bAddress = b.linkLocal("rm1");
        c.linkLocal("rl1");
        RespondServer.Providers providers = new RespondServer.Providers(
                () -> Answers.nodeinfo(Samples.nodeInfo(), MeshInterface.read(List.of("rm0"))),
                () -> Answers.statistics(Samples.statistics(Optional.of(new MeshState(List.of(),
                        Optional.of(MeshGateway.through(GATEWAY, bAddress, "rm0")))))),
                () -> Answers.neighbours(Samples.nodeInfo().nodeId(), MeshInterface.read(List.of("rm0")),
                        List.of(new MeshNeighbour("rm0", bAddress, 96))));
        server = new RespondServer(List.of("rm0"), Respondd.PORT, providers, RespondServer.ANSWERS_PER_SECOND);
        control = new RespondServer(List.of("rl0"), CONTROL_PORT, providers, RespondServer.ANSWERS_PER_SECOND);
        in(a, () -> {
            server.start();
            control.start();
            return null;
        });
    }

    @AfterAll
    void unlink() throws Exception {
        for (RespondServer s : new RespondServer[] {server, control}) {
            if (s != null) {
                s.stop();
            }
        }
        for (Netns ns : new Netns[] {a, b, c}) {
            if (ns != null) {
                ns.close();
            }
        }
    }

    @Test
    @Order(1)
    void theMeshNeighbourGetsNodeinfoStatisticsAndNeighbours() throws Exception {
        RespondClient.Result result = in(b, () -> new RespondClient(Respondd.PORT).ask("rm1", LISTEN));
        assertEquals(List.of(), result.errors());
        assertEquals(1, result.nodes().size(), result.toString());
        NodeAnswer node = result.nodes().getFirst();
        assertEquals("dca632aabbcc", node.nodeId());
        assertEquals(Optional.of("infoshop-1"), node.hostname());
        assertEquals(Optional.of(GATEWAY), node.gateway());
        assertEquals(List.of(new MeshNeighbour("rm0", bAddress, 96)), node.links());
        String aAddress = a.linkLocal("rm0");
        assertEquals(aAddress, Cidr.text(node.from().getAddress()),
                "the answer comes from a's link-local address on the mesh link");
    }

    @Test
    @Order(2)
    void everyFieldOnTheWireIsDocumentedAndTheMeshIsReal() throws Exception {
        List<byte[]> answers = exchange(b, "rm1", Respondd.LINK_GROUP, Respondd.PORT, List.of(Respondd.QUERY));
        assertEquals(1, answers.size());
        JsonObject json = Json.parse(new String(Respondd.inflate(answers.getFirst(), Respondd.MAX_INFLATED),
                StandardCharsets.UTF_8)).asObject();
        Path document = Path.of("RESPONDD.md");
        for (String kind : Respondd.KINDS) {
            assertEquals(DocumentedFields.documented(document, kind), RespondSchemaTest.fields(json.get(kind).asObject()),
                    kind + " as sent over the wire, against RESPONDD.md");
        }
        JsonObject rm0 = json.get("neighbours").asObject().get("babel").asObject().get("rm0").asObject();
        assertEquals(a.linkLocal("rm0"), rm0.getString("ll-addr", null), "a's own link-local address on rm0");
        String mac = a.ip("-br", "link", "show", "dev", "rm0").split("\\s+")[2];
        assertEquals(Json.array(mac), json.get("nodeinfo").asObject().get("network").asObject().get("mesh").asObject()
                .get("babel").asObject().get("interfaces").asObject().get("other"));
    }

    @Test
    @Order(3)
    void theSiteGroupAndTheOlderSingleWordFormAreAnswered() throws Exception {
        List<byte[]> site = exchange(b, "rm1", Respondd.SITE_GROUP, Respondd.PORT, List.of("GET nodeinfo"));
        assertEquals(1, site.size());
        assertEquals(List.of("nodeinfo"), Json.parse(new String(Respondd.inflate(site.getFirst(), Respondd.MAX_INFLATED),
                StandardCharsets.UTF_8)).asObject().names());
        List<byte[]> plain = exchange(b, "rm1", Respondd.LINK_GROUP, Respondd.PORT, List.of("statistics"));
        assertEquals(1, plain.size());
        assertEquals("dca632aabbcc", Json.parse(new String(plain.getFirst(), StandardCharsets.UTF_8)).asObject()
                .getString("node_id", null), "uncompressed JSON");
    }

    @Test
    @Order(4)
    void aNonMeshInterfaceGetsNothingThoughItsLinkCarriesQueries() throws Exception {
        RespondClient.Result control = in(c, () -> new RespondClient(CONTROL_PORT).ask("rl1", LISTEN));
        assertEquals(1, control.nodes().size(), "the control server on rl0 answers: the link works");
        RespondClient.Result result = in(c, () -> new RespondClient(Respondd.PORT).ask("rl1", LISTEN));
        assertEquals(new RespondClient.Result(List.of(), List.of()), result);
        // The control server joined the site group on rl0, so the kernel hands it to the mesh server's site socket
        // too: the sender's scope (rl0) is what keeps it unanswered.
        long foreign = server.foreign();
        assertEquals(List.of(), exchange(c, "rl1", Respondd.SITE_GROUP, Respondd.PORT, List.of(Respondd.QUERY)));
        assertEquals(foreign + 1, server.foreign());
    }

    @Test
    @Order(5)
    void unicastToTheMeshPortsLinkLocalAddressIsAnsweredToTheOtherPortsIsNot() throws Exception {
        Inet6Address meshPort = (Inet6Address) InetAddress.getByName(a.linkLocal("rm0"));
        assertEquals(1, exchange(b, "rm1", meshPort, Respondd.PORT, List.of(Respondd.QUERY)).size());
        Inet6Address otherPort = (Inet6Address) InetAddress.getByName(a.linkLocal("rl0"));
        assertEquals(List.of(), exchange(c, "rl1", otherPort, Respondd.PORT, List.of(Respondd.QUERY)));
    }

    @Test
    @Order(6)
    void anotherRouterAsksByUnicastAtAnIpv4Address() throws Exception {
        // As the names' mesh directory asks a router at its LAN address over several hops; here a's address on the
        // mesh veth. That IPv4 socket cannot tell interfaces apart: on the device the firewall keeps LAN and WAN out.
        Optional<NodeAnswer> node = in(b, () -> new RespondClient(Respondd.PORT).ask(InetAddress.getByName("192.0.2.1"),
                LISTEN));
        assertEquals(Optional.of("infoshop-1"), node.flatMap(NodeAnswer::hostname));
        assertEquals(Optional.empty(), in(b, () -> new RespondClient(Respondd.PORT + 7).ask(
                InetAddress.getByName("192.0.2.1"), Duration.ofMillis(300))), "nobody answers on another port");
    }

    @Test
    @Order(7)
    void malformedRequestsAreIgnoredAndCounted() throws Exception {
        long before = server.answered();
        List<byte[]> answers = exchange(b, "rm1", Respondd.LINK_GROUP, Respondd.PORT,
                List.of("GET wifi", "x".repeat(1000), "GET nodeinfo\u0001", ""));
        assertEquals(List.of(), answers);
        Map<Request.Problem, Long> ignored = server.ignored();
        assertEquals(1L, ignored.get(Request.Problem.UNKNOWN_KIND));
        assertEquals(1L, ignored.get(Request.Problem.OVERSIZED));
        assertEquals(1L, ignored.get(Request.Problem.NOT_TEXT));
        assertEquals(before, server.answered());
        // And it still answers.
        assertEquals(1, exchange(b, "rm1", Respondd.LINK_GROUP, Respondd.PORT, List.of(Respondd.QUERY)).size());
    }

    @Test
    @Order(8)
    void aFloodGetsAtMostTheRate() throws Exception {
        List<String> flood = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            flood.add(Respondd.QUERY);
        }
        long start = System.nanoTime();
        List<byte[]> answers = exchange(b, "rm1", Respondd.LINK_GROUP, Respondd.PORT, flood);
        double seconds = (System.nanoTime() - start) / 1e9;
        // The bucket holds one second's worth and refills at the rate during the sending and listening.
        long bound = RespondServer.ANSWERS_PER_SECOND + (long) Math.ceil(seconds * RespondServer.ANSWERS_PER_SECOND);
        System.out.printf("respondd flood: 200 requests, %d answers in %.2f s (bound %d)%n", answers.size(), seconds,
                bound);
        assertTrue(answers.size() >= 1 && answers.size() <= bound, answers.size() + " answers, bound " + bound);
    }

    @Test
    @Order(9)
    void watchRespondShowsTheNodeAndItsLink() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = in(b, () -> Watch.run(List.of("--respondd", "rm1", "--for", "3s"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains(", 1 node answered on rm1\n"), text);
        String row = text.lines().filter(l -> l.startsWith("infoshop-1 ")).findFirst().orElse("");
        assertTrue(row.matches("infoshop-1 +dca632aabbcc +10\\.42\\.0\\.1 +12s +0\\.10 +3 +" + GATEWAY + " +1, best 96"),
                text);
        int missing = in(b, () -> Watch.run(List.of("--respondd", "nosuch0", "--for", "3s"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false));
        assertEquals(1, missing);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot ask on nosuch0: no interface nosuch0 here"),
                err.toString(StandardCharsets.UTF_8));
    }

    private static <T> T in(Netns ns, Callable<T> task) throws Exception {
        return NetworkNamespace.named(ns.name).call(task);
    }

    /** Sends {@code requests} to the group (or link-local address) on {@code iface} from inside {@code ns}; every datagram back. */
    private static List<byte[]> exchange(Netns ns, String iface, Inet6Address to, int port, List<String> requests)
            throws Exception {
        return in(ns, () -> {
            NetworkInterface nic = NetworkInterface.getByName(iface);
            List<byte[]> received = new ArrayList<>();
            try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6)) {
                channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, nic);
                channel.bind(new InetSocketAddress(0));
                InetSocketAddress scoped = new InetSocketAddress(Inet6Address.getByAddress(null, to.getAddress(), nic.getIndex()),
                        port);
                for (String request : requests) {
                    channel.send(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)), scoped);
                }
                channel.configureBlocking(false);
                ByteBuffer in = ByteBuffer.allocate(Respondd.MAX_DATAGRAM);
                long end = System.nanoTime() + LISTEN.toNanos();
                while (System.nanoTime() < end && received.size() < 10_000) {
                    in.clear();
                    if (channel.receive(in) != null) {
                        received.add(Arrays.copyOf(in.array(), in.position()));
                    } else {
                        Thread.sleep(10);
                    }
                }
            }
            return received;
        });
    }
}
