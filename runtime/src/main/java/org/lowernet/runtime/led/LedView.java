package org.lowernet.runtime.led;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the LEDs show now.
 *
 * @param state    the highest-priority active condition, empty when none is (all off)
 * @param patterns every LED's pattern
 * @param quiet    whether quiet hours dim the LEDs now
 */
public record LedView(Optional<LedCondition> state, Map<Led, Pattern> patterns, boolean quiet) {

    public LedView {
        patterns = Map.copyOf(patterns);
    }

    public Pattern of(Led led) {
        return patterns.get(led);
    }

    /** "online (status=heartbeat, uplink=solid, mesh=off)", "quiet" added in quiet hours. */
    public String describe() {
        return state.map(LedCondition::word).orElse("none") + (quiet ? ", quiet" : "") + " ("
                + java.util.Arrays.stream(Led.values()).map(led -> led.key() + "=" + of(led))
                .collect(Collectors.joining(", ")) + ")";
    }
}
