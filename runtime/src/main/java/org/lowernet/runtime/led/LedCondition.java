package org.lowernet.runtime.led;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The runtime states the LEDs show, highest priority first. Several can hold at once (booting and
 * no-uplink, say); each LED shows the pattern of the highest-priority active condition that has one for
 * it, and is off when none has. In quiet hours only the {@code loud} LEDs of a condition count; a status
 * LED left without one shows {@link Pattern#QUIET_HEARTBEAT}.
 */
public enum LedCondition {
    /** The runtime is stopping: status solid alone, then everything goes dark. */
    SHUTDOWN(Map.of(Led.STATUS, Pattern.SOLID, Led.UPLINK, Pattern.OFF, Led.MESH, Pattern.OFF), Set.of(Led.values())),
    /** Someone asked which box this is: all three blink fast together, for a limited time. */
    IDENTIFY(Map.of(Led.STATUS, Pattern.FAST_BLINK, Led.UPLINK, Pattern.FAST_BLINK, Led.MESH, Pattern.FAST_BLINK),
            Set.of(Led.values())),
    /**
     * The runtime crashed again and again and runs in safe mode (built-in defaults): status blinks fast alone
     * (OpenWrt's failsafe blinks fast too); identify blinks all three.
     */
    SAFE_MODE(Map.of(Led.STATUS, Pattern.FAST_BLINK), Set.of(Led.STATUS)),
    /** lowernet.conf is invalid and the router runs with defaults: 3 blinks on status. */
    CONFIG_ERROR(Map.of(Led.STATUS, Pattern.blinks(3)), Set.of(Led.STATUS)),
    /** Running but something it needs is missing (the neighbourhood broker, ...): 2 blinks on status. */
    DEGRADED(Map.of(Led.STATUS, Pattern.blinks(2)), Set.of(Led.STATUS)),
    /**
     * An update is being received and written onto the card, or this boot tries an updated system until it is
     * committed: 4 blinks on status.
     */
    UPDATING(Map.of(Led.STATUS, Pattern.blinks(4)), Set.of(Led.STATUS)),
    /** The runtime is starting: status blinks slowly. */
    BOOTING(Map.of(Led.STATUS, Pattern.SLOW_BLINK), Set.of()),
    /** The WAN interface has no carrier (no cable, the modem is off): uplink blinks slowly. */
    NO_UPLINK(Map.of(Led.STATUS, Pattern.HEARTBEAT, Led.UPLINK, Pattern.SLOW_BLINK), Set.of(Led.UPLINK)),
    /** Running with the WAN link up: status heartbeat, uplink solid. */
    ONLINE(Map.of(Led.STATUS, Pattern.HEARTBEAT, Led.UPLINK, Pattern.SOLID), Set.of()),
    /** A port has role mesh but no lowernet router answers on it yet: mesh blinks slowly. */
    MESH_WAITING(Map.of(Led.MESH, Pattern.SLOW_BLINK), Set.of()),
    /** Mesh neighbours, but no router of the mesh announces an uplink: 2 blinks on mesh. */
    MESH_NO_GATEWAY(Map.of(Led.MESH, Pattern.blinks(2)), Set.of()),
    /** Mesh neighbours and an uplink reachable through the mesh (or this router's own): mesh solid. */
    MESH_GATEWAY(Map.of(Led.MESH, Pattern.SOLID), Set.of());

    /** What the mesh LED shows, from the mesh's state; without a mesh port it stays dark. */
    public static final List<LedCondition> MESH = List.of(MESH_WAITING, MESH_NO_GATEWAY,
            MESH_GATEWAY);

    /**
     * The mesh LED's state: none without a mesh port; waiting without neighbours; with neighbours, whether an
     * uplink is reachable (another router's across the mesh, or this router's own).
     */
    public static Optional<LedCondition> mesh(boolean meshPorts, boolean neighbours, boolean uplinkReachable) {
        if (!meshPorts) {
            return Optional.empty();
        }
        if (!neighbours) {
            return Optional.of(MESH_WAITING);
        }
        return Optional.of(uplinkReachable ? MESH_GATEWAY : MESH_NO_GATEWAY);
    }

    private final Map<Led, Pattern> patterns;
    private final Set<Led> loud;

    LedCondition(Map<Led, Pattern> patterns, Set<Led> loud) {
        this.patterns = new EnumMap<>(patterns);
        this.loud = Set.copyOf(loud);
    }

    /** The name logs, README and (later) MQTT use: "config-error". */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** What each LED shows when {@code active} hold; in quiet hours errors still show, the rest dims. */
    public static Map<Led, Pattern> resolve(Set<LedCondition> active, boolean quiet) {
        Map<Led, Pattern> shown = new EnumMap<>(Led.class);
        for (Led led : Led.values()) {
            Pattern pattern = quiet && led == Led.STATUS ? Pattern.QUIET_HEARTBEAT : Pattern.OFF;
            for (LedCondition condition : values()) {
                if (active.contains(condition) && condition.patterns.containsKey(led)
                        && (!quiet || condition.loud.contains(led))) {
                    pattern = condition.patterns.get(led);
                    break;
                }
            }
            shown.put(led, pattern);
        }
        return shown;
    }

    @Override
    public String toString() {
        return word();
    }
}
