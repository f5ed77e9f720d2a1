package org.lowernet.runtime.health;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next connection attempt: doubling from {@code first} up to {@code max}, each
 * delay spread by ±25 % so that a neighbourhood of routers coming back after a broker restart does not
 * knock on the broker all at once.
 */
public final class ReconnectDelay {

    private static final double SPREAD = 0.25;

    private final Duration first;
    private final Duration max;
    private final DoubleSupplier random;
    private Duration next;

    /** @param random uniform in [0, 1): Math::random on the device, fixed in tests */
    public ReconnectDelay(Duration first, Duration max, DoubleSupplier random) {
        this.first = first;
        this.max = max;
        this.random = random;
        this.next = first;
    }

    public static ReconnectDelay standard() {
        return new ReconnectDelay(Duration.ofSeconds(1), Duration.ofMinutes(1), Math::random);
    }

    /** The delay before the next attempt; each call doubles the one after. */
    public synchronized Duration next() {
        Duration base = next;
        next = base.multipliedBy(2).compareTo(max) > 0 ? max : base.multipliedBy(2);
        double factor = 1 - SPREAD + 2 * SPREAD * random.getAsDouble();
        return Duration.ofMillis(Math.round(base.toMillis() * factor));
    }

    /** A connection worked: the next failure starts again from the first delay. */
    public synchronized void reset() {
        next = first;
    }
}
