package org.lowernet.runtime.events;

/** Where a part of the runtime says what happened. Must return at once and never throw. */
@FunctionalInterface
public interface EventSink {

    /** For parts used without anyone listening (tests, check-config). */
    EventSink NONE = event -> {
    };

    void emit(Event event);
}
