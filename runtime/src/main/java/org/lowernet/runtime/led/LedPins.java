package org.lowernet.runtime.led;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.lowernet.runtime.config.LedsConfig;

/** Which LED is on which pin: the board profile's defaults, overridden per LED by lowernet.conf. */
public final class LedPins {

    private LedPins() {
    }

    /**
     * The pins to drive. lowernet.conf has already refused two configured LEDs on one pin; an LED moved
     * onto a board default of another LED takes the pin, and the other goes without one (a warning).
     */
    public static Map<Led, LedPin> resolve(SortedMap<String, Integer> board, LedsConfig config, List<String> warnings) {
        Map<Led, LedPin> pins = new EnumMap<>(Led.class);
        for (Led led : Led.values()) {
            Integer gpio = config.gpio().getOrDefault(led.key(), board.get(led.key()));
            if (gpio != null) {
                pins.put(led, new LedPin(gpio, config.activeLevel(led.key())));
            }
        }
        for (Led led : Led.values()) {
            LedPin pin = pins.get(led);
            if (pin == null || config.gpio().containsKey(led.key())) {
                continue;
            }
            for (Led other : Led.values()) {
                if (other != led && config.gpio().get(other.key()) instanceof Integer taken && taken == pin.gpio()) {
                    warnings.add("leds: the " + led.key() + " LED's board pin GPIO " + pin.gpio() + " is leds."
                            + other.key() + ".gpio in lowernet.conf; the " + led.key()
                            + " LED stays unlit (give it leds." + led.key() + ".gpio)");
                    pins.remove(led);
                    break;
                }
            }
        }
        return pins;
    }
}
