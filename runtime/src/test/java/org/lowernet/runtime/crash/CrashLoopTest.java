package org.lowernet.runtime.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule alone: 5 crashes within 10 minutes, in virtual time. */
class CrashLoopTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static List<Crash> crashes(int count, Duration apart, Instant last) {
        List<Crash> list = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            list.add(new Crash(last.minus(apart.multipliedBy(i)), "crash " + (count - i)));
        }
        return list;
    }

    private static CrashRecord boot(List<Crash> crashes) {
        return new CrashRecord(crashes, Optional.empty(), Optional.empty());
    }

    @Test
    void fourCrashesAreNotALoopAndTheFifthIs() {
        CrashLoop.Outcome four = CrashLoop.decide(boot(crashes(4, Duration.ofSeconds(30), NOW)), CrashRecord.EMPTY, NOW);
        assertFalse(four.decision().safeMode());
        assertEquals(4, four.decision().crashes().size());
        CrashLoop.Outcome five = CrashLoop.decide(boot(crashes(5, Duration.ofSeconds(30), NOW)), CrashRecord.EMPTY, NOW);
        assertTrue(five.decision().safeMode());
        assertEquals("crash 5", five.decision().last().orElseThrow().reason());
        assertEquals(Optional.of(NOW), five.boot().safeMode());
        assertTrue(five.decision().describe().startsWith("5 crashes within 10 min, the last at "),
                five.decision().describe());
    }

    @Test
    void crashesOlderThanTheWindowAreForgotten() {
        // Five crashes 3 minutes apart span 12 minutes: the oldest is out of the window.
        CrashLoop.Outcome outcome = CrashLoop.decide(boot(crashes(5, Duration.ofMinutes(3), NOW)), CrashRecord.EMPTY,
                NOW);
        assertFalse(outcome.decision().safeMode());
        assertEquals(List.of("crash 2", "crash 3", "crash 4", "crash 5"),
                outcome.decision().crashes().stream().map(Crash::reason).toList());
        assertEquals(outcome.decision().crashes(), outcome.kept().crashes(), "forgotten on /data too");
        // Exactly at the window's edge still counts.
        CrashLoop.Outcome edge = CrashLoop.decide(boot(crashes(5, Duration.ofMinutes(2).plusSeconds(30), NOW)),
                CrashRecord.EMPTY, NOW);
        assertTrue(edge.decision().safeMode());
    }

    @Test
    void aStartStillMarkedRunningEndedUncleanAndCountsNow() {
        CrashRecord running = new CrashRecord(crashes(4, Duration.ofSeconds(20), NOW.minusSeconds(40)),
                Optional.of(NOW.minusSeconds(30)), Optional.empty());
        CrashLoop.Outcome outcome = CrashLoop.decide(running, CrashRecord.EMPTY, NOW);
        assertTrue(outcome.decision().safeMode());
        Crash last = outcome.decision().last().orElseThrow();
        assertEquals(NOW, last.time());
        assertEquals(CrashLoop.UNCLEAN, last.reason());
        assertEquals(Optional.of(NOW), outcome.boot().running(), "this start is marked running");
    }

    @Test
    void crashesBeforeARebootCountButTheStartThatWasRunningThenDoesNot() {
        // /run is empty after a reboot; /data kept three crashes, and its copy never says "running".
        CrashRecord kept = boot(crashes(3, Duration.ofSeconds(40), NOW.minusSeconds(60)));
        CrashLoop.Outcome outcome = CrashLoop.decide(CrashRecord.EMPTY, kept, NOW);
        assertFalse(outcome.decision().safeMode());
        assertEquals(3, outcome.decision().crashes().size());
        assertEquals(Optional.empty(), outcome.kept().running());
        CrashLoop.Outcome more = CrashLoop.decide(boot(crashes(2, Duration.ofSeconds(10), NOW)), kept, NOW);
        assertTrue(more.decision().safeMode(), "3 before the reboot and 2 after");
    }

    @Test
    void theSameCrashInBothRecordsCountsOnce() {
        List<Crash> three = crashes(3, Duration.ofSeconds(30), NOW);
        CrashLoop.Outcome outcome = CrashLoop.decide(boot(three), boot(three), NOW);
        assertEquals(three, outcome.decision().crashes());
    }

    @Test
    void aCrashRecordedLaterThanNowCountsAsNow() {
        // No RTC: after a reboot the clock was restored from a save older than the crashes.
        CrashLoop.Outcome outcome = CrashLoop.decide(CrashRecord.EMPTY,
                boot(crashes(5, Duration.ofSeconds(30), NOW.plus(Duration.ofDays(2)))), NOW);
        assertTrue(outcome.decision().safeMode());
        assertTrue(outcome.decision().crashes().stream().allMatch(c -> c.time().equals(NOW)),
                outcome.decision().toString());
        CrashLoop.Outcome later = CrashLoop.decide(outcome.boot(), CrashRecord.EMPTY, NOW.plus(CrashLoop.WINDOW)
                .plusSeconds(1));
        assertTrue(later.decision().crashes().stream().noneMatch(c -> c.time().equals(NOW)),
                "forgotten a window later: " + later.decision());
    }

    @Test
    void safeModeLastsTheBootAndEnteringItClearsTheKeptRecord() {
        CrashLoop.Outcome entered = CrashLoop.decide(boot(crashes(5, Duration.ofSeconds(30), NOW)), CrashRecord.EMPTY,
                NOW);
        assertEquals(List.of(), entered.kept().crashes(), "a reboot tries the normal config again");
        // Much later in the same boot, with every crash forgotten, the runtime restarts: still safe mode.
        Instant later = NOW.plus(Duration.ofHours(3));
        CrashLoop.Outcome again = CrashLoop.decide(entered.boot().withoutRunning(), CrashRecord.EMPTY, later);
        assertTrue(again.decision().safeMode());
        assertEquals(Optional.of(NOW), again.boot().safeMode(), "safe since it began");
        // After the reboot: only /data, which was cleared.
        assertFalse(CrashLoop.decide(CrashRecord.EMPTY, entered.kept(), later).decision().safeMode());
    }
}
