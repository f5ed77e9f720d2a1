package org.lowernet.runtime.net;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.tinylog.Logger;

/**
 * Runs an action on its own thread soon after {@link #fire()}; fires within {@code window} of the first
 * are coalesced into one run, and fires during a run cause exactly one more run after it.
 */
final class CoalescingTrigger implements AutoCloseable {

    private static final long IDLE = Long.MAX_VALUE;

    private final Duration window;
    private final Runnable action;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    private long dueAt = IDLE;
    private boolean stopping;

    CoalescingTrigger(String name, Duration window, Runnable action) {
        this.window = window;
        this.action = action;
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    /** Requests a run within {@code window}. */
    void fire() {
        fireAfter(window);
    }

    /** Requests a run after {@code delay} at the latest (an earlier request still wins). */
    void fireAfter(Duration delay) {
        lock.lock();
        try {
            long at = System.nanoTime() + delay.toNanos();
            if (dueAt == IDLE || at - dueAt < 0) {
                dueAt = at;
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (awaitDue()) {
            try {
                action.run();
            } catch (RuntimeException e) {
                Logger.error(e, "{}: run failed", thread.getName());
            }
        }
    }

    /** Waits until a run is due; false when stopping. */
    private boolean awaitDue() {
        lock.lock();
        try {
            while (!stopping) {
                if (dueAt == IDLE) {
                    changed.await();
                } else {
                    long wait = dueAt - System.nanoTime();
                    if (wait <= 0) {
                        dueAt = IDLE;
                        return true;
                    }
                    changed.awaitNanos(wait);
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws InterruptedException {
        lock.lock();
        try {
            stopping = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
        thread.join(Duration.ofSeconds(5));
    }
}
