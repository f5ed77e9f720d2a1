package org.lowernet.runtime.config;

import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The status LEDs: the leds.* keys.
 *
 * @param gpio   LED name (status, uplink, mesh) to its BCM GPIO, where lowernet.conf overrides the board profile
 * @param active LED name to the level that lights it, where lowernet.conf says; others are active high
 * @param act    what the on-board ACT LED does
 * @param quiet  when the LEDs dim
 */
public record LedsConfig(SortedMap<String, Integer> gpio, SortedMap<String, ActiveLevel> active, ActMode act,
                         QuietHours quiet) {

    /** The LEDs lowernet drives; board.conf names their default pins with the same names. */
    public static final ValueType<String> LED_NAME = ValueTypes.word("LED name", "status|uplink|mesh",
            "one of the LED names status, uplink, mesh");

    public static final Key<Integer> GPIO = Key.family("leds.<name>.gpio", LED_NAME, ValueTypes.headerGpio(),
            "from the board profile (17, 27, 22 on the Pi 3, 4 and Zero 2 W)",
            "The header pin (BCM GPIO number) of the LED named in the key: status, uplink or mesh.", "23");
    public static final Key<ActiveLevel> ACTIVE = Key.family("leds.<name>.active", LED_NAME,
            ValueTypes.oneOf(ActiveLevel.class), "high",
            "Which level lights the LED: high (LED from the pin to ground) or low (LED from 3.3 V to the pin).",
            "low");
    public static final Key<ActMode> ACT = Key.of("leds.act", ValueTypes.oneOf(ActMode.class), "mirror",
            "The Pi's own green ACT LED: mirror the status LED, off, or kernel (SD card activity).", "kernel");
    public static final Key<QuietHours> QUIET = Key.of("leds.quiet", ValueTypes.quietHours(), "never",
            "When the LEDs dim to a faint heartbeat on status; errors still show. Local time, may span midnight.",
            "22:00-07:00");
    static final List<Key<?>> KEYS = List.of(GPIO, ACTIVE, ACT, QUIET);

    public LedsConfig {
        gpio = Collections.unmodifiableSortedMap(new TreeMap<>(gpio));
        active = Collections.unmodifiableSortedMap(new TreeMap<>(active));
    }

    public static LedsConfig defaults() {
        return new LedsConfig(new TreeMap<>(), new TreeMap<>(), ACT.defaultValue().orElseThrow(),
                QUIET.defaultValue().orElseThrow());
    }

    /** The level that lights {@code led}. */
    public ActiveLevel activeLevel(String led) {
        return active.getOrDefault(led, ActiveLevel.HIGH);
    }

    /** Two LEDs on one pin: the later line is the error, naming the earlier. */
    static void check(Settings settings) {
        Map<Integer, Setting<Integer>> first = new HashMap<>();
        settings.all(GPIO).stream().sorted(Comparator.comparingInt(Setting::line)).forEach(s -> {
            Setting<Integer> earlier = first.putIfAbsent(s.value(), s);
            if (earlier != null) {
                settings.error(s, "a GPIO no other LED uses", "GPIO " + s.value() + ", which " + earlier.key()
                        + " on line " + earlier.line() + " uses too");
            }
        });
    }

    static LedsConfig from(Settings settings) {
        SortedMap<String, Integer> gpio = new TreeMap<>();
        settings.all(GPIO).forEach(s -> gpio.put(s.placeholder(), s.value()));
        SortedMap<String, ActiveLevel> active = new TreeMap<>();
        settings.all(ACTIVE).forEach(s -> active.put(s.placeholder(), s.value()));
        return new LedsConfig(gpio, active, settings.valueOrDefault(ACT), settings.valueOrDefault(QUIET));
    }

    /** "act mirror, quiet never" plus any pin and level overrides. */
    String summary() {
        StringBuilder out = new StringBuilder();
        gpio.forEach((led, pin) -> out.append(led).append(" gpio ").append(pin).append(", "));
        active.forEach((led, level) -> out.append(led).append(" active ").append(level.name().toLowerCase(Locale.ROOT)).append(", "));
        return out.append("act ").append(act.name().toLowerCase(Locale.ROOT)).append(", quiet ").append(quiet).toString();
    }
}
