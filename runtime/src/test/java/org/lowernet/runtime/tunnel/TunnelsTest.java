package org.lowernet.runtime.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.config.HostPort;
import org.lowernet.runtime.config.TunnelConfig;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.Rtnetlink;
import org.lowernet.runtime.net.netlink.GenericNetlink;
import org.lowernet.runtime.wgkey.WgPrivateKey;

/**
 * The tunnels on this host, whose kernel has no WireGuard (as CI's): a clear error, tried again without repeating
 * itself, the rest going on. Then one tunnel's decisions (when to resolve its peer, which status change is an
 * event) with a clock and resolver of the test's own.
 */
class TunnelsTest {

    static final String MISSING = "the kernel has no WireGuard (generic netlink family wireguard not found): load the"
            + " wireguard module";
    static final Cidr LINK_LOCAL = Tunnels.linkLocal(HexFormat.of().parseHex("0200000000ff0001"));
    static final TunnelConfig DIALS = new TunnelConfig("hilltop", Optional.of(new HostPort("peer.example", 51820)),
            WgPrivateKey.generate().publicKey(), OptionalInt.empty(), Duration.ofSeconds(25));
    static final TunnelConfig LISTENS = new TunnelConfig("valley", Optional.empty(), WgPrivateKey.generate().publicKey(),
            OptionalInt.of(51820), Duration.ZERO);

    @TempDir
    Path root;
    final List<Event> events = new CopyOnWriteArrayList<>();
    Rtnetlink rtnetlink;
    WireGuard wireGuard;

    @BeforeEach
    void open() {
        rtnetlink = Rtnetlink.open();
        wireGuard = WireGuard.open(rtnetlink);
    }

    @AfterEach
    void close() {
        wireGuard.close();
        rtnetlink.close();
    }

    static boolean hostHasWireGuard() {
        try (GenericNetlink genl = GenericNetlink.open()) {
            return genl.family("wireguard").isPresent();
        }
    }

    List<Event> of(EventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    @Test
    void theKernelWithoutWireGuardIsAClearError() {
        assumeTrue(!hostHasWireGuard(), "this host's kernel has WireGuard; the QEMU test covers a real tunnel");
        WireGuardUnavailableException e = assertThrows(WireGuardUnavailableException.class, wireGuard::requireKernelSupport);
        assertEquals(MISSING, e.getMessage());
        assertEquals(MISSING, assertThrows(WireGuardUnavailableException.class, () -> wireGuard.createLink("x")).getMessage());
    }

    @Test
    void withoutWireGuardEachTunnelSaysWhyOnceAndTheRestGoesOn() throws Exception {
        assumeTrue(!hostHasWireGuard(), "this host's kernel has WireGuard: the test would make real interfaces");
        Map<String, InetAddress> names = Map.of("peer.example", InetAddress.getByName("192.0.2.1"));
        Tunnels tunnels = new Tunnels(List.of(DIALS, LISTENS), NodeKey.load(root, true), wireGuard, events::add,
                LINK_LOCAL, Clock.systemUTC(), Duration.ofMillis(20), host -> names.get(host));
        List<List<TunnelState>> seen = new CopyOnWriteArrayList<>();
        tunnels.listen(seen::add);
        tunnels.start();
        try {
            // Listeners hear only changes; a refresh is a round of its own, run after the scheduled ones.
            for (int i = 0; i < 5; i++) {
                tunnels.refresh();
            }
            List<TunnelState> states = tunnels.refresh();
            assertEquals(List.of(TunnelState.failed("hilltop", MISSING), TunnelState.failed("valley", MISSING)), states);
            assertEquals(List.of(states), seen, "one change: not set up yet, then the error");
            assertEquals(List.of("hilltop: " + MISSING, "valley: " + MISSING), of(EventType.TUNNEL_ERROR).stream()
                    .map(e -> e.fields().get("tunnel") + ": " + e.fields().get("message")).toList(),
                    "one event each, however often it is tried");
            assertEquals(events, of(EventType.TUNNEL_ERROR));
        } finally {
            tunnels.stop();
        }
    }

    @Test
    void aTunnelThatCannotBeSetUpIsTriedAgainEvery30SecondsAndSaidOnce() throws Exception {
        assumeTrue(!hostHasWireGuard(), "this host's kernel has WireGuard: the test would make real interfaces");
        NodeKey key = NodeKey.load(root, true);
        Tunnel tunnel = new Tunnel(LISTENS, LINK_LOCAL, events::add, Tunnel.Resolver.SYSTEM);
        Instant t0 = Instant.parse("2026-12-02T04:00:00Z");
        for (int s = 0; s <= 65; s += 5) {
            tunnel.setUp(wireGuard, key, t0.plusSeconds(s));
        }
        assertFalse(tunnel.isSetUp());
        assertEquals(List.of("valley: " + MISSING), of(EventType.TUNNEL_ERROR).stream()
                .map(e -> e.fields().get("tunnel") + ": " + e.fields().get("message")).toList());
        assertEquals(TunnelState.failed("valley", MISSING), tunnel.read(wireGuard));
    }

    @Test
    void endpointsAreWrittenAsPeopleWriteThem() throws Exception {
        assertEquals("192.0.2.7:51820", Tunnel.text(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 51820)));
        assertEquals("[2001:db8::7]:51820", Tunnel.text(new InetSocketAddress(InetAddress.getByName("2001:db8::7"),
                51820)));
    }

    @Test
    void withoutTunnelsNothingIsTouched() throws Exception {
        Tunnels tunnels = new Tunnels(List.of(), NodeKey.load(root, true), wireGuard, events::add, LINK_LOCAL);
        tunnels.start();
        assertEquals(List.of(), tunnels.refresh());
        tunnels.stop();
        assertEquals(List.of(), events, "no WireGuard needed on a node without tunnels");
    }

    @Test
    void theLinkLocalAddressIsTheInterfaceIdBehindFe80() {
        assertEquals(Cidr.parse("fe80::200:0:ff:1/64"), LINK_LOCAL);
        assertThrows(IllegalArgumentException.class, () -> Tunnels.linkLocal(new byte[6]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Tunnels(List.of(),
                NodeKey.load(root, true), wireGuard, events::add, Cidr.parse("2001:db8::1/64")));
        assertTrue(e.getMessage().contains("IPv6 link-local"), e.getMessage());
    }

    @Test
    void aPeerIsResolvedAtOnceThenAgainOnlyWhileNoHandshakeIsFresh() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        Tunnel tunnel = new Tunnel(DIALS, LINK_LOCAL, events::add, host -> {
            lookups.incrementAndGet();
            return InetAddress.getByName("192.0.2.1");
        });
        Instant t0 = Instant.parse("2026-12-02T04:00:00Z");
        tunnel.resolveWhenDue(wireGuard, t0);
        assertEquals(1, lookups.get());
        tunnel.resolveWhenDue(wireGuard, t0.plusSeconds(119));
        assertEquals(1, lookups.get(), "resolved, no handshake yet: again after 2 minutes");
        tunnel.resolveWhenDue(wireGuard, t0.plusSeconds(120));
        assertEquals(2, lookups.get());
        tunnel.observe(state(t0.plusSeconds(130)), t0.plusSeconds(130));
        tunnel.resolveWhenDue(wireGuard, t0.plusSeconds(600));
        assertEquals(2, lookups.get(), "a fresh handshake: the endpoint works, no lookups");
        tunnel.observe(state(t0.plusSeconds(130)), t0.plusSeconds(400));
        tunnel.resolveWhenDue(wireGuard, t0.plusSeconds(600));
        assertEquals(3, lookups.get(), "stale: the peer's address may have moved");
    }

    @Test
    void aPeerThatDoesNotResolveIsTriedEvery30SecondsAndSaidOnce() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        Tunnel tunnel = new Tunnel(DIALS, LINK_LOCAL, events::add, host -> {
            lookups.incrementAndGet();
            throw new UnknownHostException(host + ": Name or service not known");
        });
        Instant t0 = Instant.parse("2026-12-02T04:00:00Z");
        for (int s = 0; s <= 65; s += 5) {
            tunnel.resolveWhenDue(wireGuard, t0.plusSeconds(s));
        }
        assertEquals(3, lookups.get(), "at 0, 30 and 60 s");
        assertEquals(1, of(EventType.TUNNEL_ERROR).size(), events.toString());
        String message = (String) of(EventType.TUNNEL_ERROR).getFirst().fields().get("message");
        assertTrue(message.startsWith("the peer peer.example does not resolve (peer.example: Name or service not"
                + " known)"), message);
        assertEquals(Optional.of(message), tunnel.read(wireGuard).problem());
    }

    @Test
    void aListeningTunnelResolvesNothing() throws Exception {
        Tunnel tunnel = new Tunnel(LISTENS, LINK_LOCAL, events::add, host -> {
            throw new AssertionError("looked up " + host);
        });
        tunnel.resolveWhenDue(wireGuard, Instant.now());
        assertEquals(List.of(), events);
        assertEquals(TunnelState.failed("valley", "not set up yet"), tunnel.read(wireGuard));
    }

    static TunnelState state(Instant handshake) throws UnknownHostException {
        return new TunnelState("hilltop", 40000, Optional.of(new InetSocketAddress(InetAddress.getByName("192.0.2.1"),
                51820)), Optional.of(handshake), 10, 10);
    }

    @Test
    void statusChangesAreEvents() throws Exception {
        Tunnel tunnel = new Tunnel(DIALS, LINK_LOCAL, events::add, Tunnel.Resolver.SYSTEM);
        Instant t0 = Instant.parse("2026-12-02T04:00:00Z");
        TunnelState none = new TunnelState("hilltop", 40000, Optional.empty(), Optional.empty(), 0, 0);
        tunnel.observe(none, t0);
        assertEquals(List.of(), events, "no handshake at the start is no change");
        tunnel.observe(state(t0.plusSeconds(10)), t0.plusSeconds(10));
        tunnel.observe(state(t0.plusSeconds(10)), t0.plusSeconds(100));
        tunnel.observe(state(t0.plusSeconds(10)), t0.plusSeconds(200));
        tunnel.observe(state(t0.plusSeconds(210)), t0.plusSeconds(210));
        tunnel.observe(none, t0.plusSeconds(215));
        assertEquals(List.of(
                        "tunnel_up {tunnel=hilltop, endpoint=192.0.2.1:51820}",
                        "tunnel_down {tunnel=hilltop, status=stale, last_handshake=2026-12-02T04:00:10Z}",
                        "tunnel_up {tunnel=hilltop, endpoint=192.0.2.1:51820}",
                        "tunnel_down {tunnel=hilltop, status=no_handshake, last_handshake=}"),
                events.stream().map(e -> e.type().word() + " " + e.fields()).toList());
    }
}
