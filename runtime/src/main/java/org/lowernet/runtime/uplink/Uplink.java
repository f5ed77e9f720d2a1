package org.lowernet.runtime.uplink;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.net.NetSnapshot;
import org.lowernet.runtime.net.NetworkState;

/**
 * Whether the router is online: the WAN interface has carrier (IFF_LOWER_UP) and, where the WAN gets its
 * address by DHCP, a lease is held. A missing WAN interface, or none planned, is offline. Each change after the
 * first reading is an uplink_up or uplink_down event; listeners hear the first reading and every change.
 */
public final class Uplink implements AutoCloseable {

    private final Optional<String> wan;
    private final boolean needsLease;
    private final EventSink events;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private final NetworkState.Listener onState = (before, after) -> observed(after);
    private NetworkState state;
    private boolean carrier;
    private boolean leaseHeld;
    private Boolean online;

    /** @param needsLease the WAN is uplinked only with a DHCP lease, not with carrier alone */
    public Uplink(Optional<String> wan, boolean needsLease, EventSink events) {
        this.wan = wan;
        this.needsLease = needsLease;
        this.events = events;
    }

    /** Online: carrier, and a lease where one is needed. */
    static boolean online(boolean carrier, boolean needsLease, boolean leaseHeld) {
        return carrier && (!needsLease || leaseHeld);
    }

    /** Listens to {@code state} and takes its current reading as the start (no event for it). */
    public synchronized void start(NetworkState networkState) {
        this.state = networkState;
        networkState.listen(onState);
        observed(networkState.current());
    }

    /** Told true on the first reading's online state and each change; may be added before or after start. */
    public synchronized void listen(Consumer<Boolean> listener) {
        listeners.add(listener);
        if (online != null) {
            listener.accept(online);
        }
    }

    /** A DHCP result from the WAN client: a lease was bound or renewed (true), or lost or refused (false). */
    public synchronized void lease(boolean held) {
        leaseHeld = held;
        decide();
    }

    /** Online now (false before the first reading). */
    public synchronized boolean isOnline() {
        return Boolean.TRUE.equals(online);
    }

    /** A reading of the network state (package-private: the unit tests give snapshots of their own). */
    synchronized void observed(NetSnapshot snapshot) {
        carrier = wan.map(snapshot::carrier).orElse(false);
        decide();
    }

    private void decide() {
        boolean up = online(carrier, needsLease, leaseHeld);
        if (online != null && online == up) {
            return;
        }
        if (online != null) {
            events.emit(Event.now(up ? EventType.UPLINK_UP : EventType.UPLINK_DOWN, "interface", wan.orElse(""),
                    "carrier", carrier, "lease", leaseHeld));
        }
        online = up;
        listeners.forEach(l -> l.accept(up));
    }

    @Override
    public void close() {
        if (state != null) {
            state.unlisten(onState);
        }
    }
}
