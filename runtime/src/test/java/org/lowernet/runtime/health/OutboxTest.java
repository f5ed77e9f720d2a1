package org.lowernet.runtime.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbox keeps the newest, counts what it drops, and lets go of a message only once it was sent. */
class OutboxTest {

    @Test
    void whenFullTheOldestGoAndAreCounted() {
        Outbox outbox = new Outbox(3);
        for (int i = 1; i <= 10; i++) {
            outbox.offer(message(i));
        }
        assertEquals(3, outbox.size());
        assertEquals(7, outbox.dropped());
        assertEquals(List.of("8", "9", "10"), drain(outbox));
        assertEquals(7, outbox.takeUnreportedDrops());
        assertEquals(0, outbox.takeUnreportedDrops());
        assertEquals(7, outbox.dropped(), "the total stays");
    }

    @Test
    void aMessageStaysUntilItIsRemovedAndADropReportThatFailedIsKept() {
        Outbox outbox = new Outbox(2);
        Outbox.Message first = message(1);
        outbox.offer(first);
        assertEquals(first, outbox.peek().orElseThrow());
        assertEquals(first, outbox.peek().orElseThrow(), "peeking takes nothing");
        outbox.remove(message(1));
        assertEquals(1, outbox.size(), "only the very message peeked is removed");
        outbox.remove(first);
        assertTrue(outbox.peek().isEmpty());

        outbox.offer(message(2));
        outbox.offer(message(3));
        outbox.offer(message(4));
        long drops = outbox.takeUnreportedDrops();
        outbox.unreport(drops);
        assertEquals(1, outbox.takeUnreportedDrops());
    }

    @Test
    void withNoRoomNothingIsKeptButEverythingIsCounted() {
        Outbox outbox = new Outbox(0);
        outbox.offer(message(1));
        outbox.offer(message(2));
        assertEquals(0, outbox.size());
        assertEquals(2, outbox.dropped());
    }

    private static Outbox.Message message(int n) {
        return new Outbox.Message("t", String.valueOf(n).getBytes(StandardCharsets.UTF_8), false);
    }

    private static List<String> drain(Outbox outbox) {
        List<String> out = new ArrayList<>();
        for (var next = outbox.peek(); next.isPresent(); next = outbox.peek()) {
            out.add(new String(next.get().payload(), StandardCharsets.UTF_8));
            outbox.remove(next.get());
        }
        return out;
    }
}
