package org.lowernet.runtime.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Events before anyone listens are kept (the newest, bounded) for the first listener; later ones fan out. */
class EventHubTest {

    @Test
    void theFirstListenerGetsTheNewestEarlyEventsOldestFirst() {
        EventHub hub = new EventHub();
        for (int i = 1; i <= EventHub.KEPT_BEFORE_LISTENING + 6; i++) {
            hub.emit(Event.now(EventType.CONFIG_ERROR, "message", "error " + i));
        }
        List<Event> first = new ArrayList<>();
        hub.listen(first::add);
        assertEquals(EventHub.KEPT_BEFORE_LISTENING, first.size());
        assertEquals("error 7", first.getFirst().fields().get("message"));

        List<Event> second = new ArrayList<>();
        EventSink secondSink = second::add;
        hub.listen(secondSink);
        hub.emit(Event.now(EventType.LINK_UP, "interface", "eth0"));
        assertEquals(EventType.LINK_UP, first.getLast().type());
        assertEquals(1, second.size(), "no early events again");
        hub.unlisten(secondSink);
        hub.emit(Event.now(EventType.LINK_DOWN, "interface", "eth0"));
        assertEquals(1, second.size(), "no events after unlisten");
        assertEquals(EventType.LINK_DOWN, first.getLast().type());

    }

    @Test
    void anEventHasExactlyItsTypesFieldsOfSimpleValues() {
        assertThrows(IllegalArgumentException.class, () -> Event.now(EventType.LINK_UP));
        assertThrows(IllegalArgumentException.class, () -> Event.now(EventType.LINK_UP, "iface", "eth0"));
        assertThrows(IllegalArgumentException.class, () -> Event.now(EventType.LINK_UP, "interface", List.of()));
        assertTrue(Event.now(EventType.LINK_UP, "interface", "eth0").fields().containsKey("interface"));
    }
}
