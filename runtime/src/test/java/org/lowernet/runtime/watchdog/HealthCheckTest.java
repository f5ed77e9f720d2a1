package org.lowernet.runtime.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.watchdog.HealthCheck.Observation;
import org.lowernet.runtime.watchdog.HealthCheck.Phase;

class HealthCheckTest {

    private static final HealthCheck CHECK = new HealthCheck(Duration.ofSeconds(10), Duration.ofMinutes(10),
            Duration.ofMinutes(2));

    private static Optional<String> decide(Phase phase, Duration inPhase, Duration unanswered, Map<String, String> failures) {
        return CHECK.failure(new Observation(phase, inPhase, unanswered, failures));
    }

    @Test
    void aWellRuntimeIsFedAtTheBounds() {
        assertEquals(Optional.empty(), decide(Phase.RUNNING, Duration.ofDays(30), Duration.ofSeconds(10), Map.of()));
        assertEquals(Optional.empty(), decide(Phase.STARTING, Duration.ofMinutes(10), Duration.ZERO, Map.of()));
        assertEquals(Optional.empty(), decide(Phase.STOPPING, Duration.ofMinutes(2), Duration.ZERO, Map.of()));
    }

    @Test
    void aLateMainLoopStopsTheFeedingWithTheReason() {
        assertEquals(Optional.of("the daemon's network-state thread has not answered a heartbeat for 10.001 s (bound"
                        + " 10.0 s): a deadlock, a stuck netlink read or a starved JVM"),
                decide(Phase.RUNNING, Duration.ofHours(1), Duration.ofMillis(10_001), Map.of()));
        assertEquals(true, decide(Phase.STARTING, Duration.ofSeconds(30), Duration.ofSeconds(11), Map.of()).isPresent(),
                "the heartbeat counts during the start too");
    }

    @Test
    void aDeadSubsystemOrADaemonGivenUpStopsTheFeeding() {
        assertEquals(Optional.of("subsystem dnsmasq failed: dnsmasq is no longer supervised: its supervising thread ended"),
                decide(Phase.RUNNING, Duration.ofHours(1), Duration.ZERO,
                        Map.of("dnsmasq", "dnsmasq is no longer supervised: its supervising thread ended")));
        assertEquals(Optional.of("subsystem a failed: one"), decide(Phase.RUNNING, Duration.ZERO, Duration.ZERO,
                Map.of("b", "two", "a", "one")), "the same reason whatever the map's order");
    }

    @Test
    void aStartOrAStopThatDoesNotEndStopsTheFeeding() {
        assertEquals(Optional.of("the start has not finished after 600.001 s (bound 600.0 s)"),
                decide(Phase.STARTING, Duration.ofMillis(600_001), Duration.ZERO, Map.of()));
        assertEquals(Optional.of("the stop has taken 120.5 s (bound 120.0 s)"),
                decide(Phase.STOPPING, Duration.ofMillis(120_500), Duration.ZERO, Map.of()));
    }

    @Test
    void whileStoppingTheDaemonsThreadsMayEnd() {
        assertEquals(Optional.empty(), decide(Phase.STOPPING, Duration.ofSeconds(20), Duration.ofSeconds(20),
                Map.of("network", "stopped")));
    }
}
