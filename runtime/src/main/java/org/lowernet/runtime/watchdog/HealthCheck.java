package org.lowernet.runtime.watchdog;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the runtime is well enough to feed the watchdog: a pure decision over what was observed, so tests
 * give it times and failures. Unwell is final for the watchdog: it stops feeding and the board resets.
 *
 * @param heartbeatBound how long the daemon's own thread may leave a heartbeat unanswered
 * @param startBound     how long the start may take (e2fsck of a large card included)
 * @param stopBound      how long the watchdog is fed while the runtime stops, before rcK reboots or powers off
 */
public record HealthCheck(Duration heartbeatBound, Duration startBound, Duration stopBound) {

    /** The device's bounds: a heartbeat well within the 15 s timeout, a start of minutes, a bounded stop. */
    public static final HealthCheck DEVICE = new HealthCheck(Duration.ofSeconds(10), Duration.ofMinutes(10),
            Duration.ofMinutes(2));

    /** Where the runtime is in its life. */
    public enum Phase { STARTING, RUNNING, STOPPING }

    /**
     * What the watchdog saw just before deciding.
     *
     * @param inPhase    how long the runtime has been in {@code phase}
     * @param unanswered how long the pending heartbeat has waited for its answer; zero when none waits
     * @param failures   what failed, by subsystem name, for the subsystems that report a failure
     */
    public record Observation(Phase phase, Duration inPhase, Duration unanswered, Map<String, String> failures) {
        public Observation {
            failures = Map.copyOf(failures);
        }
    }

    /** Why the watchdog must not be fed any more; empty while the runtime is well. */
    public Optional<String> failure(Observation seen) {
        if (seen.phase() == Phase.STOPPING) {
            // The daemon's threads end while it stops: only the stop's own length is judged.
            return seen.inPhase().compareTo(stopBound) > 0
                    ? Optional.of("the stop has taken " + seconds(seen.inPhase()) + " (bound " + seconds(stopBound) + ")")
                    : Optional.empty();
        }
        if (seen.unanswered().compareTo(heartbeatBound) > 0) {
            return Optional.of("the daemon's network-state thread has not answered a heartbeat for "
                    + seconds(seen.unanswered()) + " (bound " + seconds(heartbeatBound) + "): a deadlock, a stuck "
                    + "netlink read or a starved JVM");
        }
        if (seen.phase() == Phase.STARTING && seen.inPhase().compareTo(startBound) > 0) {
            return Optional.of("the start has not finished after " + seconds(seen.inPhase()) + " (bound "
                    + seconds(startBound) + ")");
        }
        return seen.failures().entrySet().stream().sorted(Map.Entry.comparingByKey()).findFirst()
                .map(f -> "subsystem " + f.getKey() + " failed: " + f.getValue());
    }

    private static String seconds(Duration d) {
        return d.toMillis() / 1000.0 + " s";
    }
}
