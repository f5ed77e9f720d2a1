package org.lowernet.runtime.health;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import org.lowernet.runtime.events.Event;

/** An {@link Event} as the {@code events} message: who, when, which in order, what, then the event's own fields. */
final class EventMessage {

    private EventMessage() {
    }

    static JsonObject toJson(String nodeId, long seq, Event event) {
        JsonObject json = Json.object().add("node_id", nodeId).add("time", event.time().toString()).add("seq", seq)
                .add("type", event.type().word());
        event.fields().forEach((name, value) -> {
            switch (value) {
                case String s -> json.add(name, s);
                case Boolean b -> json.add(name, b);
                case Integer i -> json.add(name, i);
                case Long l -> json.add(name, l);
                case Number n -> json.add(name, n.doubleValue());
                default -> throw new IllegalStateException("Event allows no " + value.getClass());
            }
        });
        return json;
    }
}
