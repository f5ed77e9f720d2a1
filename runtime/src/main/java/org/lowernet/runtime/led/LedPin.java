package org.lowernet.runtime.led;

import org.lowernet.runtime.config.ActiveLevel;

/** Where an LED is wired: its BCM GPIO line and the level that lights it. */
public record LedPin(int gpio, ActiveLevel active) {
}
