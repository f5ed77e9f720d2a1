package org.lowernet.runtime.tunnel;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.lowernet.runtime.config.TunnelConfig;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.subsystem.Subsystem;
import org.tinylog.Logger;

/**
 * The node's WireGuard tunnels, best effort: a tunnel that cannot be set up (no WireGuard in the kernel, a name
 * taken, a peer that does not resolve) is logged, an event, and tried again, and the router runs on without it.
 * Start: the node's public key on the console, each tunnel's interface made, set, up with the link-local address
 * babel needs. Then every {@link #POLL} the kernel's state of each, into an immutable list for listeners; a status
 * change is an event. Stop: the interfaces are removed.
 */
public final class Tunnels implements Subsystem {

    /** How often the tunnels' state is read. */
    public static final Duration POLL = Duration.ofSeconds(5);
    /** How long stop and {@link #refresh} wait for the tunnels' thread. */
    static final Duration WAIT = Duration.ofSeconds(15);

    private final List<TunnelConfig> configs;
    private final NodeKey key;
    private final WireGuard wireGuard;
    private final Clock clock;
    private final Duration poll;
    private final List<Tunnel> tunnels;
    private final List<Consumer<List<TunnelState>>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<TunnelState> states;
    private ScheduledExecutorService thread;

    /**
     * @param linkLocal the IPv6 link-local address every tunnel interface gets (see {@link #linkLocal(byte[])}):
     *                  WireGuard makes none, and babel speaks from one
     */
    public Tunnels(List<TunnelConfig> configs, NodeKey key, WireGuard wireGuard, EventSink events, Cidr linkLocal) {
        this(configs, key, wireGuard, events, linkLocal, Clock.systemUTC(), POLL, Tunnel.Resolver.SYSTEM);
    }

    Tunnels(List<TunnelConfig> configs, NodeKey key, WireGuard wireGuard, EventSink events, Cidr linkLocal,
            Clock clock, Duration poll, Tunnel.Resolver resolver) {
        if (!linkLocal.address().isLinkLocalAddress() || !(linkLocal.address() instanceof Inet6Address)) {
            throw new IllegalArgumentException("a tunnel's address must be an IPv6 link-local one (fe80::/64), not "
                    + linkLocal);
        }
        this.configs = List.copyOf(configs);
        this.key = key;
        this.wireGuard = wireGuard;
        this.clock = clock;
        this.poll = poll;
        this.tunnels = this.configs.stream().map(c -> new Tunnel(c, linkLocal, events, resolver)).toList();
        this.states = this.configs.stream().map(c -> TunnelState.failed(c.name(), "not set up yet")).toList();
    }

    /** {@code fe80::<interfaceId>/64}: the 8 bytes of {@code interfaceId} (e.g. the babel router id) as the host part. */
    public static Cidr linkLocal(byte[] interfaceId) {
        if (interfaceId.length != 8) {
            throw new IllegalArgumentException("an IPv6 interface id has 8 bytes, not " + interfaceId.length);
        }
        byte[] address = new byte[16];
        address[0] = (byte) 0xfe;
        address[1] = (byte) 0x80;
        System.arraycopy(interfaceId, 0, address, 8, 8);
        try {
            return new Cidr(InetAddress.getByAddress(address), 64);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    @Override
    public String name() {
        return "tunnels";
    }

    @Override
    public boolean essential() {
        return false;
    }

    @Override
    public synchronized void start() {
        // The key other nodes put into their tunnel.<name>.public_key: shown whether or not this node has tunnels.
        Logger.info("tunnel public key: {}{}", key.publicKey().base64(),
                key.persistent() ? "" : " (THIS BOOT ONLY: /data is unavailable)");
        if (tunnels.isEmpty()) {
            return;
        }
        // Made now, so that babel finds the interfaces when it starts; peers are resolved on the tunnels' thread.
        tunnels.forEach(t -> t.setUp(wireGuard, key, clock.instant()));
        thread = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("tunnels").daemon().unstarted(r));
        thread.scheduleWithFixedDelay(this::step, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The tunnels as last read, in name order; each "not set up yet" before the first read. */
    public List<TunnelState> states() {
        return states;
    }

    /** Reads the tunnels now (on their thread) and returns them; the last states when that takes too long. */
    public List<TunnelState> refresh() throws InterruptedException {
        ScheduledExecutorService running;
        synchronized (this) {
            running = thread;
        }
        if (running == null || running.isShutdown()) {
            return states;
        }
        try {
            running.submit(this::step).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Logger.warn("tunnels: reading them on demand failed: {}", e.getMessage());
        } catch (RejectedExecutionException e) {
            Logger.debug("tunnels: stopped while asked to read them; the last states are all there is");
        }
        return states;
    }

    /** Calls {@code listener} with every new list of states, on the tunnels' thread. */
    public void listen(Consumer<List<TunnelState>> listener) {
        listeners.add(listener);
    }

    /** One round: set up what is not, resolve peers that are due, read the state, tell changes. */
    private void step() {
        try {
            List<TunnelState> next = new ArrayList<>();
            for (Tunnel tunnel : tunnels) {
                tunnel.setUp(wireGuard, key, clock.instant());
                tunnel.resolveWhenDue(wireGuard, clock.instant());
                TunnelState state = tunnel.read(wireGuard);
                tunnel.observe(state, clock.instant());
                next.add(state);
            }
            List<TunnelState> read = List.copyOf(next);
            if (!read.equals(states)) {
                states = read;
                for (Consumer<List<TunnelState>> listener : listeners) {
                    listener.accept(read);
                }
            }
        } catch (RuntimeException e) {
            // Scheduled work that throws is never run again: the tunnels would be read no more.
            Logger.error(e, "tunnels: reading them failed");
        }
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        if (thread != null) {
            thread.shutdown();
            if (!thread.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
                Logger.warn("tunnels: their thread did not end within {} s", WAIT.toSeconds());
            }
            thread = null;
        }
        for (Tunnel tunnel : tunnels) {
            if (tunnel.isSetUp()) {
                try {
                    wireGuard.deleteLink(tunnel.name());
                } catch (RuntimeException e) {
                    Logger.warn("tunnel {}: removing its interface failed: {}", tunnel.name(), e.getMessage());
                }
            }
        }
    }
}
