package org.lowernet.runtime.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.retry.Backoff;

/** Backoff arithmetic, and a real supervised program (sh) that crashes, is restarted and is stopped. */
class SupervisorTest {

    @Test
    void backoffDoublesToItsBoundAndResetsAfterAStableRun() {
        Backoff backoff = Backoff.daemonRestart();
        List<Long> delays = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delays.add(Supervisor.delayAfter(backoff, Duration.ofMillis(10)).toMillis());
        }
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L), delays);
        assertEquals(500, Supervisor.delayAfter(backoff, Duration.ofMinutes(1)).toMillis());
        assertEquals(1000, Supervisor.delayAfter(backoff, Duration.ofSeconds(1)).toMillis());
    }

    @Test
    void aCrashingProgramIsRestartedWithBackoffAndItsLinesReachTheHandler() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        List<Event> events = new CopyOnWriteArrayList<>();
        Supervisor supervisor = new Supervisor("crasher", List.of("sh", "-c", "echo started; exit 1"), lines::add,
                Backoff.exact(Duration.ofMillis(50), Duration.ofMillis(200)), events::add);
        long began = System.nanoTime();
        supervisor.start();
        long deadline = began + TimeUnit.SECONDS.toNanos(10);
        while (supervisor.starts() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        supervisor.close();
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        assertTrue(supervisor.starts() >= 5, "starts: " + supervisor.starts());
        // Four waits of at least 50 + 100 + 200 + 200 ms came between five starts.
        assertTrue(elapsed >= 550, "elapsed " + elapsed + " ms");
        assertTrue(lines.size() >= 4 && lines.stream().allMatch("started"::equals), lines.toString());
        // Every restart is an event: four at least, each saying which service and why.
        assertTrue(events.size() >= 4, events.toString());
        assertEquals(Map.of("service", "crasher", "reason", "exited with 1"),
                Map.of("service", events.getFirst().fields().get("service"), "reason", events.getFirst().fields().get("reason")));
        assertEquals(EventType.SERVICE_RESTART, events.getFirst().type());
        int after = supervisor.starts();
        Thread.sleep(400);
        assertEquals(after, supervisor.starts(), "a closed supervisor must not restart");
    }

    /** What a killed daemon left (here: a file it refuses to start beside) goes before every start, restarts too. */
    @Test
    void beforeStartRunsBeforeEveryStartSoALeftoverDoesNotBlockTheRestart() throws Exception {
        Path leftover = Files.createTempFile("supervisor", ".sock");
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicInteger prepared = new AtomicInteger();
        // The program refuses to run while the file is there, leaves it behind and dies: as babeld with its socket.
        Supervisor supervisor = new Supervisor("leaver", List.of("sh", "-c", "[ -e " + leftover + " ] && exit 9;"
                + " touch " + leftover + "; echo ran; exit 1"), lines::add,
                Backoff.exact(Duration.ofMillis(20), Duration.ofMillis(20)), event -> { },
                () -> {
                    prepared.incrementAndGet();
                    Files.deleteIfExists(leftover);
                });
        supervisor.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lines.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        supervisor.close();
        Files.deleteIfExists(leftover);
        assertTrue(lines.size() >= 3 && lines.stream().allMatch("ran"::equals), lines.toString());
        assertTrue(prepared.get() >= lines.size(), prepared + " preparations for " + lines.size() + " runs");
    }

    @Test
    void closeStopsAProgramThatIgnoresSigtermWithSigkill() throws Exception {
        CountDownLatch trapped = new CountDownLatch(1);
        Supervisor supervisor = new Supervisor("stubborn", List.of("sh", "-c", "trap '' TERM; echo up; while :; do sleep 1; done"),
                line -> trapped.countDown(), Backoff.daemonRestart(), EventSink.NONE);
        supervisor.start();
        long pid = supervisor.pid().orElseThrow();
        // Only once the shell says "up" does it ignore SIGTERM: a SIGTERM before its trap would end it at once.
        assertTrue(trapped.await(30, TimeUnit.SECONDS), "the stubborn program never said it was up");
        long began = System.nanoTime();
        supervisor.close();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "pid " + pid + " still runs");
        assertTrue(took >= Supervisor.STOP_GRACE.toMillis() - 100 && took < Supervisor.STOP_GRACE.toMillis() + 5000,
                "took " + took + " ms");
        assertTrue(supervisor.pid().isEmpty());
    }

    /** Supervision that ends without a stop (here an Error out of the line handler) is a failure the watchdog hears of. */
    @Test
    void aSupervisorWhoseThreadDiedHasGivenUpAndOneThatWasClosedHasNot() throws Exception {
        Supervisor dying = new Supervisor("dying", List.of("sh", "-c", "echo boom; sleep 5"), line -> {
            throw new StackOverflowError("handler for " + line);
        }, Backoff.exact(Duration.ofMillis(50), Duration.ofMillis(200)), e -> { });
        assertTrue(dying.gaveUp().isEmpty(), "not started yet");
        dying.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (dying.gaveUp().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(java.util.Optional.of("dying is no longer supervised: its supervising thread ended"), dying.gaveUp());
        dying.close();
        assertTrue(dying.gaveUp().isEmpty(), "stopped on purpose");

        Supervisor steady = new Supervisor("steady", List.of("sh", "-c", "sleep 5"), line -> { },
                Backoff.exact(Duration.ofMillis(50), Duration.ofMillis(200)), e -> { });
        steady.start();
        assertTrue(steady.gaveUp().isEmpty(), "running");
        steady.close();
        assertTrue(steady.gaveUp().isEmpty(), "closed");
    }
}
