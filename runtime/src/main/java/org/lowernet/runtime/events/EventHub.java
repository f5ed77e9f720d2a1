package org.lowernet.runtime.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The one sink the daemon hands out: fans each event out to the listeners. Until the first listener
 * attaches, the newest {@value #KEPT_BEFORE_LISTENING} events are kept and handed to it, so a config error
 * at boot reaches the neighbourhood once the broker does.
 */
public final class EventHub implements EventSink {

    static final int KEPT_BEFORE_LISTENING = 64;

    private final Deque<Event> early = new ArrayDeque<>();
    private final List<EventSink> listeners = new ArrayList<>();

    @Override
    public synchronized void emit(Event event) {
        if (listeners.isEmpty()) {
            if (early.size() == KEPT_BEFORE_LISTENING) {
                early.removeFirst();
            }
            early.addLast(event);
            return;
        }
        listeners.forEach(listener -> listener.emit(event));
    }

    /** Adds a listener; the first one is given the events kept so far, oldest first. */
    public synchronized void listen(EventSink listener) {
        listeners.add(listener);
        while (!early.isEmpty()) {
            listener.emit(early.removeFirst());
        }
    }

    public synchronized void unlisten(EventSink listener) {
        listeners.remove(listener);
    }
}
