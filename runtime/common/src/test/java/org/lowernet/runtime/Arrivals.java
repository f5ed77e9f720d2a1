package org.lowernet.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a test client received (MQTT messages, output lines), in arrival order, for the test to wait on.
 * One thread adds, the test waits; a failed wait shows everything that did arrive.
 */
public final class Arrivals<T> {

    private final List<T> items = new ArrayList<>();

    public synchronized void add(T item) {
        items.add(item);
        notifyAll();
    }

    public synchronized List<T> all() {
        return List.copyOf(items);
    }

    /**
     * The first {@code n} items {@code which} accepts, in arrival order. After {@code timeout} the test fails
     * with {@code where} (e.g. "on tcp://127.0.0.1:1883") and every item that arrived.
     */
    public synchronized List<T> awaitCount(Predicate<T> which, int n, Duration timeout, Supplier<String> where)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<T> matching = items.stream().filter(which).limit(n).toList();
            if (matching.size() == n) {
                return matching;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("waited " + timeout + " for " + n + " matching item(s) " + where.get() + ", got "
                        + matching.size() + "; all that arrived:\n"
                        + String.join("\n", items.stream().map(String::valueOf).toList()));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
