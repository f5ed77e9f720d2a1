package org.lowernet.runtime.health;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.net.EventSubscription;
import org.lowernet.runtime.net.Link;
import org.lowernet.runtime.net.NetEvent;
import org.lowernet.runtime.net.Rtnetlink;

/**
 * Turns rtnetlink link events of the planned interfaces into link_up and link_down events: one per change
 * of carrier (IFF_LOWER_UP), none for the many link messages that change nothing a person cares about.
 */
public final class CarrierWatch implements AutoCloseable {

    private final Rtnetlink rtnetlink;
    private final Set<String> names;
    private final EventSink events;
    private final Map<String, Boolean> carrier = new HashMap<>();
    private EventSubscription subscription;

    public CarrierWatch(Rtnetlink rtnetlink, Set<String> names, EventSink events) {
        this.rtnetlink = rtnetlink;
        this.names = Set.copyOf(names);
        this.events = events;
    }

    /** Subscribes, then takes the current carriers as the starting point (no events for them). */
    public void start() throws Exception {
        subscription = rtnetlink.subscribe(this::on);
        synchronized (this) {
            for (Link link : rtnetlink.links().list()) {
                if (names.contains(link.name())) {
                    carrier.putIfAbsent(link.name(), link.isLowerUp());
                }
            }
        }
    }

    private synchronized void on(NetEvent event) {
        switch (event) {
            case NetEvent.LinkChanged changed when names.contains(changed.link().name()) ->
                    carrier(changed.link().name(), changed.link().isLowerUp());
            case NetEvent.LinkRemoved removed when names.contains(removed.link().name()) ->
                    carrier(removed.link().name(), false);
            default -> {
            }
        }
    }

    private void carrier(String name, boolean up) {
        Boolean before = carrier.put(name, up);
        if (before == null ? up : before != up) {
            events.emit(Event.now(up ? EventType.LINK_UP : EventType.LINK_DOWN, "interface", name));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (subscription != null) {
            subscription.close();
        }
    }
}
