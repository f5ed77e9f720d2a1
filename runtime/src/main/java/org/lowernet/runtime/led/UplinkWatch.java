package org.lowernet.runtime.led;

import java.util.Optional;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.net.EventSubscription;
import org.lowernet.runtime.net.Link;
import org.lowernet.runtime.net.NetEvent;
import org.lowernet.runtime.net.Rtnetlink;

/**
 * Turns the WAN interface's carrier (IFF_LOWER_UP, from rtnetlink link events) and, where the WAN gets its
 * address by DHCP, the lease into online or no-uplink. A missing WAN interface, or none planned, is no-uplink.
 */
public final class UplinkWatch implements AutoCloseable {

    private final Rtnetlink rtnetlink;
    private final Optional<String> wan;
    private final LedStates states;
    private final boolean needsLease;
    private final EventSink events;
    private Boolean shownOnline;
    private volatile boolean carrier;
    private volatile boolean leaseHeld;
    private EventSubscription subscription;

    /**
     * @param needsLease the WAN is uplinked only with a DHCP lease, not with carrier alone
     * @param events     told uplink_up and uplink_down on each change after the first reading
     */
    public UplinkWatch(Rtnetlink rtnetlink, Optional<String> wan, LedStates states, boolean needsLease,
                       EventSink events) {
        this.events = events;
        this.rtnetlink = rtnetlink;
        this.wan = wan;
        this.states = states;
        this.needsLease = needsLease;
    }

    /** A DHCP result: a lease was bound or renewed (true), or lost or refused (false). */
    public void lease(boolean held) {
        leaseHeld = held;
        show();
    }

    /** Online: carrier, and a lease where one is needed. */
    static boolean online(boolean carrier, boolean needsLease, boolean leaseHeld) {
        return carrier && (!needsLease || leaseHeld);
    }

    /** Subscribes first, then reads the current state, so a change in between is not lost. */
    public void start() throws Exception {
        if (wan.isPresent()) {
            subscription = rtnetlink.subscribe(this::on);
        }
        reread();
    }

    private void on(NetEvent event) {
        switch (event) {
            case NetEvent.LinkChanged changed when changed.link().name().equals(wan.orElseThrow()) ->
                    carrier(changed.link().isLowerUp());
            case NetEvent.LinkRemoved removed when removed.link().name().equals(wan.orElseThrow()) -> carrier(false);
            case NetEvent.EventsLost lost -> reread();
            default -> {
            }
        }
    }

    private void reread() {
        carrier(wan.isPresent() && rtnetlink.links().list().stream()
                .filter(l -> l.name().equals(wan.get())).anyMatch(Link::isLowerUp));
    }

    private void carrier(boolean up) {
        carrier = up;
        show();
    }

    /** The new condition is set before the old one is cleared, so no moment shows neither. */
    private synchronized void show() {
        boolean up = online(carrier, needsLease, leaseHeld);
        LedCondition now = up ? LedCondition.ONLINE : LedCondition.NO_UPLINK;
        LedCondition before = up ? LedCondition.NO_UPLINK : LedCondition.ONLINE;
        states.set(now, true);
        states.set(before, false);
        if (shownOnline != null && shownOnline != up) {
            events.emit(Event.now(up ? EventType.UPLINK_UP : EventType.UPLINK_DOWN, "interface", wan.orElse(""), "carrier", carrier,
                    "lease", leaseHeld));
        }
        shownOnline = up;
    }

    @Override
    public void close() throws InterruptedException {
        if (subscription != null) {
            subscription.close();
        }
    }
}
