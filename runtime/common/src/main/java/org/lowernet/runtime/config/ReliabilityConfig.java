package org.lowernet.runtime.config;

import java.time.Duration;
import java.util.List;

/**
 * How the node keeps a configuration it can fall back on.
 *
 * @param goodAfter how long a valid lowernet.conf must run healthy after ready before it is saved as the last
 *                  good one, which an invalid file later falls back to
 */
public record ReliabilityConfig(Duration goodAfter) {

    public static final Key<Duration> GOOD_AFTER = Key.of("reliability.good_after",
            ValueTypes.duration(Duration.ofSeconds(10), Duration.ofDays(1)), "5m",
            "How long a valid lowernet.conf must run healthy after ready before the node saves it as its last good"
                    + " config, which it runs when the file is later invalid.", "15m");
    static final List<Key<?>> KEYS = List.of(GOOD_AFTER);

    public static ReliabilityConfig defaults() {
        return new ReliabilityConfig(GOOD_AFTER.defaultValue().orElseThrow());
    }

    static ReliabilityConfig from(Settings settings) {
        return new ReliabilityConfig(settings.valueOrDefault(GOOD_AFTER));
    }
}
