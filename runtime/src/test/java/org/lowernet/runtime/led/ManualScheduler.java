package org.lowernet.runtime.led;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/** Virtual time for LED tests: nothing runs until {@link #advance}, which runs due tasks in time order. */
final class ManualScheduler implements LedScheduler {

    private record Task(Instant due, long seq, Runnable body) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            (a, b) -> a.due().equals(b.due()) ? Long.compare(a.seq(), b.seq()) : a.due().compareTo(b.due()));
    private final Instant start;
    private Instant now;
    private long seq;

    ManualScheduler(Instant start) {
        this.start = start;
        this.now = start;
    }

    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Override
    public Clock clock() {
        return clock;
    }

    /** Milliseconds since the scheduler was made. */
    long elapsedMillis() {
        return Duration.between(start, now).toMillis();
    }

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        queue.add(new Task(now.plus(delay), seq++, task));
    }

    /** Runs everything due up to now + {@code by}, moving the clock to each task's time. */
    void advance(Duration by) {
        Instant until = now.plus(by);
        while (!queue.isEmpty() && !queue.peek().due().isAfter(until)) {
            Task task = queue.poll();
            now = task.due();
            task.body().run();
        }
        now = until;
    }

    @Override
    public void close() {
        queue.clear();
    }
}
