package org.lowernet.runtime.boot;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why the node booted, as nodeinfo and the {@code boot} event say it. */
public enum BootReason {

    /** The first boot, or the previous one ended without a clean stop: a power cut or a reset nobody asked for. */
    POWER,
    /** The previous boot stopped cleanly: a reboot or power-off that was asked for. */
    CLEAN,
    /** The hardware watchdog reset the board: the runtime froze or found itself unhealthy. */
    WATCHDOG,
    /** The runtime crashed again and again, so it runs in safe mode. */
    CRASH_LOOP;

    /** The word messages carry: {@code crash-loop}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Optional<BootReason> of(String word) {
        return Arrays.stream(values()).filter(r -> r.word().equals(word)).findFirst();
    }
}
