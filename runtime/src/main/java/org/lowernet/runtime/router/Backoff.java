package org.lowernet.runtime.router;

import java.time.Duration;

/**
 * How long to wait before restarting a daemon that exited: {@code first}, doubling up to {@code max}; a run
 * that lasted {@code stable} or longer counts as healthy and starts the series again. Not thread-safe: one
 * per supervised program.
 */
public final class Backoff {

    /** The device's defaults: a crash loop costs at most one start every 30 s. */
    public static final Duration FIRST = Duration.ofMillis(500);
    public static final Duration MAX = Duration.ofSeconds(30);
    public static final Duration STABLE = Duration.ofMinutes(1);

    private final Duration first;
    private final Duration max;
    private final Duration stable;
    private Duration next;

    public Backoff(Duration first, Duration max, Duration stable) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff from " + first + " to " + max + ": need 0 < first <= max");
        }
        this.first = first;
        this.max = max;
        this.stable = stable;
        this.next = first;
    }

    public static Backoff standard() {
        return new Backoff(FIRST, MAX, STABLE);
    }

    /** The delay before the next start, after a run that lasted {@code ranFor}. */
    public Duration after(Duration ranFor) {
        if (ranFor.compareTo(stable) >= 0) {
            next = first;
        }
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return delay;
    }
}
