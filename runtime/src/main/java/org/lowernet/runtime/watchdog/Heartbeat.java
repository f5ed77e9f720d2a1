package org.lowernet.runtime.watchdog;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A question the daemon's own working thread must answer: {@link #beat()} hands it a task that answers; a thread
 * that is deadlocked, stuck or starved never runs it, and {@link #unanswered()} grows. One question at a time.
 */
final class Heartbeat {

    private final LongSupplier nanos;
    private final Consumer<Runnable> loop;
    private boolean waiting;
    private long askedAt;

    /**
     * @param nanos a monotonic clock (System::nanoTime)
     * @param loop  runs a task on the daemon's working thread, soon
     */
    Heartbeat(LongSupplier nanos, Consumer<Runnable> loop) {
        this.nanos = nanos;
        this.loop = loop;
    }

    /** Asks, unless the last question still waits for its answer. */
    void beat() {
        synchronized (this) {
            if (waiting) {
                return;
            }
            waiting = true;
            askedAt = nanos.getAsLong();
        }
        loop.accept(this::answer);
    }

    private synchronized void answer() {
        waiting = false;
    }

    /** How long the pending question has waited; zero when none waits. */
    synchronized Duration unanswered() {
        return waiting ? Duration.ofNanos(nanos.getAsLong() - askedAt) : Duration.ZERO;
    }
}
