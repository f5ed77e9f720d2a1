package org.lowernet.runtime.tunnel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.lowernet.runtime.config.HostPort;
import org.lowernet.runtime.config.TunnelConfig;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.ip.Cidr;
import org.tinylog.Logger;

/**
 * One configured tunnel on the tunnels' thread: set up until it is (the kernel may lack WireGuard, a name may be
 * taken), its peer's name resolved until it is and again while no handshake is fresh (the peer's address may have
 * moved), its state read, its status changes told.
 */
final class Tunnel {

    /** A tunnel that could not be set up is tried again this often (each try may make the kernel run modprobe). */
    static final Duration SETUP_AGAIN = Duration.ofSeconds(30);
    /** A peer whose name does not resolve (no uplink yet, a typo) is tried this often. */
    static final Duration RESOLVE_UNRESOLVED = Duration.ofSeconds(30);
    /** A resolved peer is resolved again this often while the tunnel has no fresh handshake. */
    static final Duration RESOLVE_AGAIN = Duration.ofMinutes(2);

    /** Host names to addresses; the system's resolver, or a table in tests. */
    interface Resolver {
        InetAddress resolve(String host) throws UnknownHostException;

        Resolver SYSTEM = InetAddress::getByName;
    }

    private final TunnelConfig config;
    private final Cidr linkLocal;
    private final EventSink events;
    private final Resolver resolver;
    private boolean setUp;
    private Optional<Instant> setupTried = Optional.empty();
    private Optional<InetSocketAddress> endpoint = Optional.empty();
    private Optional<Instant> resolved = Optional.empty();
    /** Why the interface is not set up. */
    private Optional<String> setupProblem = Optional.empty();
    /** Why the peer has no address (its name does not resolve, the kernel refused it). */
    private Optional<String> peerProblem = Optional.empty();
    private TunnelState.Status status = TunnelState.Status.NO_HANDSHAKE;

    Tunnel(TunnelConfig config, Cidr linkLocal, EventSink events, Resolver resolver) {
        this.config = config;
        this.linkLocal = linkLocal;
        this.events = events;
        this.resolver = resolver;
    }

    String name() {
        return config.name();
    }

    boolean isSetUp() {
        return setUp;
    }

    /**
     * Makes the interface and sets it (with the endpoint when known), up with its link-local address; after a failure
     * not before {@link #SETUP_AGAIN}.
     */
    void setUp(WireGuard wireGuard, NodeKey key, Instant now) {
        if (setUp || setupTried.filter(t -> Duration.between(t, now).compareTo(SETUP_AGAIN) < 0).isPresent()) {
            return;
        }
        setupTried = Optional.of(now);
        try {
            wireGuard.createLink(name());
            wireGuard.configure(new DeviceSettings(name(), key.privateKey(), config.listenPort(), config.publicKey(),
                    endpoint, config.keepalive()));
            wireGuard.up(name(), linkLocal);
            setUp = true;
            setupProblem = Optional.empty();
            Logger.info("tunnel {}: set up ({}), peer key {}, link-local {}", name(), config.peer()
                    .map(p -> "to " + p).orElse("listening only"), config.publicKey(), linkLocal);
        } catch (RuntimeException e) {
            setupProblem = say(setupProblem, e.getMessage());
        }
    }

    /**
     * Resolves the peer's host when it is due: never resolved yet, or (no fresh handshake) last resolved
     * {@link #RESOLVE_AGAIN} ago; points the interface at a new address.
     */
    void resolveWhenDue(WireGuard wireGuard, Instant now) {
        if (config.peer().isEmpty() || !due(now)) {
            return;
        }
        HostPort peer = config.peer().get();
        resolved = Optional.of(now);
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(resolver.resolve(peer.host()), peer.port());
        } catch (UnknownHostException e) {
            peerProblem = say(peerProblem, "the peer " + peer.host() + " does not resolve (" + e.getMessage() + "); tried again every "
                    + (endpoint.isEmpty() ? RESOLVE_UNRESOLVED.toSeconds() : RESOLVE_AGAIN.toSeconds()) + " s");
            return;
        }
        if (endpoint.equals(Optional.of(address))) {
            return;
        }
        if (setUp) {
            try {
                wireGuard.updateEndpoint(name(), config.publicKey(), address);
            } catch (RuntimeException e) {
                peerProblem = say(peerProblem, e.getMessage());
                return;
            }
        }
        Logger.info("tunnel {}: peer {} is {}", name(), peer, address);
        endpoint = Optional.of(address);
        peerProblem = Optional.empty();
    }

    /** Whether the peer's host should be resolved now. */
    boolean due(Instant now) {
        if (resolved.isEmpty()) {
            return true;
        }
        Duration since = Duration.between(resolved.get(), now);
        if (endpoint.isEmpty()) {
            return since.compareTo(RESOLVE_UNRESOLVED) >= 0;
        }
        return status != TunnelState.Status.UP && since.compareTo(RESOLVE_AGAIN) >= 0;
    }

    /** The kernel's view of the tunnel, or why there is none; a vanished interface is set up again next time. */
    TunnelState read(WireGuard wireGuard) {
        if (setUp) {
            try {
                return wireGuard.state(name()).withProblem(peerProblem);
            } catch (RuntimeException e) {
                setUp = false;
                setupTried = Optional.empty();
                setupProblem = say(setupProblem, e.getMessage());
            }
        }
        return TunnelState.failed(name(), setupProblem.or(() -> peerProblem).orElse("not set up yet"));
    }

    /** Says a change of status: an event and a line. */
    void observe(TunnelState state, Instant now) {
        TunnelState.Status next = state.status(now);
        if (next == status) {
            return;
        }
        String where = state.endpoint().map(Tunnel::text).orElse("");
        if (next == TunnelState.Status.UP) {
            Logger.info("tunnel {}: up, handshake with {}", name(), where.isEmpty() ? "the peer" : where);
            events.emit(Event.now(EventType.TUNNEL_UP, "tunnel", name(), "endpoint", where));
        } else if (status == TunnelState.Status.UP) {
            String last = state.lastHandshake().map(Instant::toString).orElse("");
            Logger.warn("tunnel {}: down ({}), last handshake {}", name(), next.word(), last.isEmpty() ? "none" : last);
            events.emit(Event.now(EventType.TUNNEL_DOWN, "tunnel", name(), "status", next.word(), "last_handshake", last));
        }
        status = next;
    }

    /** {@code 192.0.2.7:51820}, {@code [2001:db8::7]:51820}. */
    static String text(InetSocketAddress endpoint) {
        String address = Cidr.text(endpoint.getAddress());
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + endpoint.getPort();
    }

    /** Says a problem (a line and an event) unless it is the one said last; returns it as the one said last. */
    private Optional<String> say(Optional<String> said, String message) {
        String text = message == null ? "failed without a message" : message;
        if (!said.equals(Optional.of(text))) {
            Logger.error("tunnel {}: {}", name(), text);
            events.emit(Event.now(EventType.TUNNEL_ERROR, "tunnel", name(), "message", text));
        }
        return Optional.of(text);
    }
}
