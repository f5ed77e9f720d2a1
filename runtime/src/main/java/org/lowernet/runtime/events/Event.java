package org.lowernet.runtime.events;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One thing that happened.
 *
 * @param time   when it happened
 * @param type   what happened
 * @param fields exactly the type's fields, in order: strings, numbers or booleans only, so every event
 *               serialises the same way
 */
public record Event(Instant time, EventType type, Map<String, Object> fields) {

    public Event {
        if (!List.copyOf(fields.keySet()).equals(type.fields())) {
            throw new IllegalArgumentException(type.word() + " events have the fields " + type.fields() + ", not "
                    + fields.keySet());
        }
        fields.forEach((name, value) -> {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new IllegalArgumentException("event field " + name + " is a " + value.getClass().getSimpleName());
            }
        });
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** An event happening now; {@code namesAndValues} alternates field names and values. */
    public static Event now(EventType type, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("field names and values come in pairs");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Event(Instant.now(), type, fields);
    }
}
