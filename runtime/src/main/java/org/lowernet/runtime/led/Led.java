package org.lowernet.runtime.led;

import java.util.Locale;

/** The three LEDs a lowernet router has on its header pins; the board profile names their default pins. */
public enum Led {
    STATUS, UPLINK, MESH;

    /** The name used in lowernet.conf ({@code leds.<name>.gpio}) and board.conf ({@code leds.<name>}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
