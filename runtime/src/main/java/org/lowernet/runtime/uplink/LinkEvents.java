package org.lowernet.runtime.uplink;

import java.util.Set;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.net.NetSnapshot;
import org.lowernet.runtime.net.NetworkState;

/**
 * Turns changes of the planned interfaces' carrier (IFF_LOWER_UP) into link_up and link_down events: one per
 * change, none for the many link messages that change nothing a person cares about. An interface that appears
 * with carrier is link_up; one that disappears is link_down.
 */
public final class LinkEvents implements NetworkState.Listener, AutoCloseable {

    private final Set<String> names;
    private final EventSink events;
    private NetworkState state;

    public LinkEvents(Set<String> names, EventSink events) {
        this.names = Set.copyOf(names);
        this.events = events;
    }

    /** Listens from now on; the current carriers are the starting point (no events for them). */
    public void start(NetworkState networkState) {
        this.state = networkState;
        networkState.listen(this);
    }

    @Override
    public void changed(NetSnapshot before, NetSnapshot after) {
        for (String name : names.stream().sorted().toList()) {
            boolean was = before.carrier(name);
            boolean is = after.carrier(name);
            if (was != is) {
                events.emit(Event.now(is ? EventType.LINK_UP : EventType.LINK_DOWN, "interface", name));
            }
        }
    }

    @Override
    public void close() {
        if (state != null) {
            state.unlisten(this);
        }
    }
}
