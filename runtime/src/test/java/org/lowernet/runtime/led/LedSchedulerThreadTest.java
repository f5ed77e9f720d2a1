package org.lowernet.runtime.led;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.config.QuietHours;

/** The real scheduler thread keeps a pattern's timing within a tolerance the eye cannot see. */
class LedSchedulerThreadTest {

    /** Generous for a busy 2-core build host; a person notices about 50 ms on a 125 ms blink. */
    private static final long TOLERANCE_MS = 60;

    @Test
    void heartbeatOnTheRealThreadKeepsItsTiming() throws Exception {
        long start = System.nanoTime();
        RecordingOutput status = new RecordingOutput(() -> (System.nanoTime() - start) / 1_000_000);
        try (LedScheduler scheduler = LedScheduler.thread(Clock.systemDefaultZone())) {
            LedStates states = new LedStates(scheduler, Map.of(Led.STATUS, status), QuietHours.NEVER, v -> { });
            states.identify(Duration.ofMillis(1100));
            Thread.sleep(1500);
            // From the first lit phase (before it: the all-off of an empty start) to before the one identify cut short.
            List<Pattern.Phase> all = status.phasesSince(0);
            List<Pattern.Phase> phases = all.subList(all.indexOf(all.stream().filter(Pattern.Phase::lit).findFirst()
                    .orElseThrow()), all.size() - 1);
            assertTrue(phases.size() >= 6, "about 8 phases of fast blink in 1.1 s: " + all + " " + phases);
            for (Pattern.Phase phase : phases) {
                assertTrue(Math.abs(phase.length().toMillis() - 125) <= TOLERANCE_MS, phase + " in " + phases);
            }
            assertFalse(status.level(), "identify ended by itself: nothing beneath, so off");
            states.stop().get();
            assertTrue(status.closed());
        }
    }
}
