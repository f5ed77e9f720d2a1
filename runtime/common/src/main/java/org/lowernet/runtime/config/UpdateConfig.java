package org.lowernet.runtime.config;

import java.time.Duration;
import java.util.List;

/**
 * How a node takes an update: how long the new system must run healthy before it is committed, and how long a
 * system on trial may run without committing before the node restarts and counts a try.
 *
 * @param commitAfter how long the updated system must be healthy after ready before it is committed
 * @param trialLimit  how long one trial boot may run without committing (it then restarts: a try counted)
 * @param maxTries    how many boots an updated system is given to commit before the previous one boots again
 */
public record UpdateConfig(Duration commitAfter, Duration trialLimit, int maxTries) {

    public static final Key<Duration> COMMIT_AFTER = Key.of("update.commit_after",
            ValueTypes.duration(Duration.ofSeconds(10), Duration.ofDays(1)), "10m",
            "How long an updated system must run healthy after ready (the watchdog's check passing, not in safe"
                    + " mode) before the node commits it; until then the next boot counts as a try of it.", "20m");
    public static final Key<Duration> TRIAL_LIMIT = Key.of("update.trial_limit",
            ValueTypes.duration(Duration.ofSeconds(30), Duration.ofDays(1)), "30m",
            "How long one boot of an updated system may run without committing; then the node restarts and the"
                    + " boot counts as a failed try. Longer than update.commit_after and a boot.", "1h");
    public static final Key<Integer> MAX_TRIES = Key.of("update.max_tries", ValueTypes.integer(1, 10), "3",
            "How many boots an updated system is given to commit (a crash, a watchdog reset, a power cut or the trial"
                    + " limit ends one); after the last, the previous system boots again and the node reports"
                    + " rolled back.", "5");
    static final List<Key<?>> KEYS = List.of(COMMIT_AFTER, TRIAL_LIMIT, MAX_TRIES);
    /** What a trial needs besides update.commit_after: its boot to ready, on a slow board. */
    static final Duration BOOT_ROOM = Duration.ofMinutes(1);

    public static UpdateConfig defaults() {
        return new UpdateConfig(COMMIT_AFTER.defaultValue().orElseThrow(), TRIAL_LIMIT.defaultValue().orElseThrow(),
                MAX_TRIES.defaultValue().orElseThrow());
    }

    /** A trial needs its boot and update.commit_after within update.trial_limit, or it can never commit. */
    static void check(Settings settings) {
        if (settings.failed(COMMIT_AFTER) || settings.failed(TRIAL_LIMIT)) {
            return;
        }
        Duration commitAfter = settings.valueOrDefault(COMMIT_AFTER);
        Duration trialLimit = settings.valueOrDefault(TRIAL_LIMIT);
        if (trialLimit.compareTo(commitAfter.plus(BOOT_ROOM)) < 0) {
            Setting<?> line = settings.get(TRIAL_LIMIT).isPresent() ? settings.get(TRIAL_LIMIT).get()
                    : settings.get(COMMIT_AFTER).orElseThrow();
            settings.error(line, "update.trial_limit at least " + ValueTypes.format(BOOT_ROOM)
                    + " longer than update.commit_after (a trial must boot and then run healthy that long)",
                    "update.trial_limit " + ValueTypes.format(trialLimit) + ", update.commit_after "
                            + ValueTypes.format(commitAfter));
        }
    }

    static UpdateConfig from(Settings settings) {
        return new UpdateConfig(settings.valueOrDefault(COMMIT_AFTER), settings.valueOrDefault(TRIAL_LIMIT),
                settings.valueOrDefault(MAX_TRIES));
    }
}
