package org.lowernet.runtime.retry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays that double from {@code first} up to {@code max}, each optionally spread by ±{@code spread} so that
 * many routers coming back after a broker restart do not knock all at once. {@link #reset()} after a success
 * starts the series again.
 */
public final class Backoff {

    private final Duration first;
    private final Duration max;
    private final double spread;
    private final DoubleSupplier random;
    private Duration next;

    /**
     * @param spread each delay is multiplied by a factor in [1 - spread, 1 + spread); 0 for exact delays
     * @param random uniform in [0, 1): Math::random on the device, fixed in tests
     */
    public Backoff(Duration first, Duration max, double spread, DoubleSupplier random) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff from " + first + " to " + max + ": need 0 < first <= max");
        }
        if (spread < 0 || spread >= 1) {
            throw new IllegalArgumentException("backoff spread " + spread + ": need 0 <= spread < 1");
        }
        this.first = first;
        this.max = max;
        this.spread = spread;
        this.random = random;
        this.next = first;
    }

    /** Exact delays, no spread. */
    public static Backoff exact(Duration first, Duration max) {
        return new Backoff(first, max, 0, () -> 0.5);
    }

    /** A supervised daemon's restarts: a crash loop costs at most one start every 30 s. */
    public static Backoff daemonRestart() {
        return exact(Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** Reconnecting to a broker shared by a neighbourhood: up to a minute, spread by ±25 %. */
    public static Backoff reconnect() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0.25, Math::random);
    }

    /** The delay before the next attempt; each call doubles the one after, up to the maximum. */
    public synchronized Duration next() {
        Duration base = next;
        Duration doubled = base.plus(base);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        if (spread == 0) {
            return base;
        }
        double factor = 1 - spread + 2 * spread * random.getAsDouble();
        return Duration.ofMillis(Math.round(base.toMillis() * factor));
    }

    /** An attempt worked: the next failure starts again from the first delay. */
    public synchronized void reset() {
        next = first;
    }
}
