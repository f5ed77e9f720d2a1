package org.lowernet.runtime.led;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import org.lowernet.runtime.ManualClock;

/** Virtual time for LED tests: nothing runs until {@link #advance}, which runs due tasks in time order. */
final class ManualScheduler implements LedScheduler {

    private record Task(Instant due, long seq, Runnable body) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            (a, b) -> a.due().equals(b.due()) ? Long.compare(a.seq(), b.seq()) : a.due().compareTo(b.due()));
    private final Instant start;
    private long seq;

    ManualScheduler(Instant start) {
        this.start = start;
        this.clock = new ManualClock(start);
    }

    private final ManualClock clock;

    @Override
    public Clock clock() {
        return clock;
    }

    /** Milliseconds since the scheduler was made. */
    long elapsedMillis() {
        return Duration.between(start, clock.instant()).toMillis();
    }

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        queue.add(new Task(clock.instant().plus(delay), seq++, task));
    }

    /** Runs everything due up to now + {@code by}, moving the clock to each task's time. */
    void advance(Duration by) {
        Instant until = clock.instant().plus(by);
        while (!queue.isEmpty() && !queue.peek().due().isAfter(until)) {
            Task task = queue.poll();
            clock.set(task.due());
            task.body().run();
        }
        clock.set(until);
    }

    @Override
    public void close() {
        queue.clear();
    }
}
