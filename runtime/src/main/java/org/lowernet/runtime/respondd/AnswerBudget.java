package org.lowernet.runtime.respondd;

import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} answers a second, in bursts of up to as many (a token bucket): a collector's
 * multicast asks every node once, but a flood of requests must not turn the node into a traffic amplifier
 * or keep its CPU busy. Not thread-safe: the server's one thread uses it.
 */
final class AnswerBudget {

    private static final long SECOND = 1_000_000_000L;

    private final int perSecond;
    private final LongSupplier nanos;
    private double tokens;
    private long last;

    AnswerBudget(int perSecond, LongSupplier nanos) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("answers per second: expected at least 1, found " + perSecond);
        }
        this.perSecond = perSecond;
        this.nanos = nanos;
        this.tokens = perSecond;
        this.last = nanos.getAsLong();
    }

    /** Whether one more answer may go now; takes it when so. */
    boolean take() {
        long now = nanos.getAsLong();
        tokens = Math.min(perSecond, tokens + (double) (now - last) * perSecond / SECOND);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
