package org.lowernet.runtime.health;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The messages waiting for the broker, oldest first, at most {@code capacity}: when full, the oldest is
 * dropped and counted, so a long outage costs old statistics, never memory. A message leaves only once the
 * broker has it ({@link #remove} after the publish succeeded), so a connection lost mid-flush loses nothing.
 */
public final class Outbox {

    /** One message to publish. */
    public record Message(String topic, byte[] payload, boolean retained) {
    }

    private final int capacity;
    private final Deque<Message> waiting = new ArrayDeque<>();
    private long dropped;
    private long droppedUnreported;

    public Outbox(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("an outbox of " + capacity + " messages");
        }
        this.capacity = capacity;
    }

    /** Queues {@code message}, dropping the oldest when full; with no room at all the message itself is dropped. */
    public synchronized void offer(Message message) {
        if (capacity == 0) {
            count();
            return;
        }
        if (waiting.size() == capacity) {
            waiting.removeFirst();
            count();
        }
        waiting.addLast(message);
    }

    private void count() {
        dropped++;
        droppedUnreported++;
    }

    public synchronized Optional<Message> peek() {
        return Optional.ofNullable(waiting.peekFirst());
    }

    /** Takes {@code message} off the front once it was published; a no-op if it is gone already. */
    public synchronized void remove(Message message) {
        if (waiting.peekFirst() == message) {
            waiting.removeFirst();
        }
    }

    public synchronized int size() {
        return waiting.size();
    }

    /** Every message dropped since the start. */
    public synchronized long dropped() {
        return dropped;
    }

    /** The drops not yet reported, and from now on they count as reported. */
    public synchronized long takeUnreportedDrops() {
        long count = droppedUnreported;
        droppedUnreported = 0;
        return count;
    }

    /** Puts back drops whose report could not be sent, so the next report still says them. */
    public synchronized void unreport(long count) {
        droppedUnreported += count;
    }
}
