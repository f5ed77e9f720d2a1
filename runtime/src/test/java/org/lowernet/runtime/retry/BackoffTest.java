package org.lowernet.runtime.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void reconnectDelaysDoubleToTheMaximumWithinTheirSpreadAndStartAgainAfterASuccess() {
        Backoff low = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.25, () -> 0.0);
        Backoff high = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.25, () -> 0.999_999);
        List<Long> lows = new ArrayList<>();
        List<Long> highs = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            lows.add(low.next().toMillis());
            highs.add(high.next().toMillis());
        }
        assertEquals(List.of(750L, 1500L, 3000L, 6000L, 12000L, 24000L, 45000L, 45000L, 45000L), lows);
        assertEquals(List.of(1250L, 2500L, 5000L, 10000L, 20000L, 40000L, 75000L, 75000L, 75000L), highs);
        low.reset();
        assertEquals(750, low.next().toMillis());
    }

    @Test
    void exactDelaysDoubleToTheirBound() {
        Backoff backoff = Backoff.exact(Duration.ofMillis(50), Duration.ofMillis(800));
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            delays.add(backoff.next().toMillis());
        }
        assertEquals(List.of(50L, 100L, 200L, 400L, 800L, 800L), delays);
    }

    @Test
    void nonsenseBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.exact(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> Backoff.exact(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.0, () -> 0.5));
    }
}
