package org.lowernet.runtime.board;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lowernet.runtime.config.InterfaceName;

/**
 * What the runtime needs of a board profile: the part of a {@link Board} the device uses.
 *
 * @param wan the interface that is the uplink unless lowernet.conf says otherwise
 * @param lan the interface that serves the neighbourhood unless lowernet.conf says otherwise
 * @param leds LED name (status, uplink, mesh) to its default BCM GPIO; LEDs the board gives no pin are absent
 * @param watchdog the kernel module of the hardware watchdog the runtime arms; empty: none is armed
 */
public record BoardProfile(String id, String name, List<String> models, Optional<String> wan, Optional<String> lan,
                           SortedMap<String, Integer> leds, Optional<String> watchdog) {

    /** Used when no profile matches: nothing assumed about interfaces. */
    public static BoardProfile unknown(String model) {
        return new BoardProfile("unknown", model, List.of(), Optional.empty(), Optional.empty(), new TreeMap<>(),
                Optional.empty());
    }

    public BoardProfile {
        models = List.copyOf(models);
        wan.ifPresent(InterfaceName::require);
        lan.ifPresent(InterfaceName::require);
        leds = Collections.unmodifiableSortedMap(new TreeMap<>(leds));
    }

    public boolean matches(String model) {
        return models.stream().anyMatch(model::startsWith);
    }
}
