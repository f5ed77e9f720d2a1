package org.lowernet.runtime.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final List<Runnable> loop = new ArrayList<>();
    private final Heartbeat heartbeat = new Heartbeat(now::get, loop::add);

    @Test
    void anUnansweredBeatGrowsOlderAndAnAnswerClearsIt() {
        assertEquals(Duration.ZERO, heartbeat.unanswered(), "nothing asked yet");
        heartbeat.beat();
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertEquals(Duration.ofSeconds(4), heartbeat.unanswered());

        loop.removeFirst().run();

        assertEquals(Duration.ZERO, heartbeat.unanswered());
    }

    @Test
    void aStuckLoopIsAskedOnceAndTheWaitCountsFromTheFirstQuestion() {
        heartbeat.beat();
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        heartbeat.beat();
        now.addAndGet(Duration.ofSeconds(6).toNanos());

        assertEquals(1, loop.size(), "one question at a time");
        assertEquals(Duration.ofSeconds(11), heartbeat.unanswered());
    }
}
