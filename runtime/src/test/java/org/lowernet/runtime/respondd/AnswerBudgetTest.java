package org.lowernet.runtime.respondd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rate bound on a clock the test moves. */
class AnswerBudgetTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);

    @Test
    void aBurstOfTheRateThenNothingUntilTimePasses() {
        AnswerBudget budget = new AnswerBudget(20, nanos::get);
        assertEquals(20, IntStream.range(0, 100).filter(i -> budget.take()).count());
        assertFalse(budget.take());
        nanos.addAndGet(50_000_000L); // 1/20 s: one more
        assertTrue(budget.take());
        assertFalse(budget.take());
    }

    @Test
    void aLongPauseRefillsOnlyUpToOneSecondsWorth() {
        AnswerBudget budget = new AnswerBudget(5, nanos::get);
        IntStream.range(0, 5).forEach(i -> budget.take());
        nanos.addAndGet(3_600_000_000_000L);
        assertEquals(5, IntStream.range(0, 50).filter(i -> budget.take()).count());
    }

    @Test
    void overTenSecondsAtMostTheRateTimesTenPlusTheBurst() {
        AnswerBudget budget = new AnswerBudget(20, nanos::get);
        long taken = 0;
        for (int ms = 0; ms < 10_000; ms++) {
            nanos.addAndGet(1_000_000L);
            taken += IntStream.range(0, 10).filter(i -> budget.take()).count();
        }
        assertTrue(taken <= 20 * 10 + 20 && taken >= 20 * 10, "taken " + taken);
    }

    @Test
    void zeroIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AnswerBudget(0, nanos::get));
    }
}
