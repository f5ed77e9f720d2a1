package org.lowernet.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.board.BoardProfile;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.uplink.Uplink;

/** Without GPIO the LEDs only track states: an unusable data partition keeps degraded on whatever the login does. */
class LedSubsystemTest {

    @TempDir
    Path root;

    @Test
    void anUnusableDataPartitionIsDegradedEvenAfterTheLoginWorks() throws Exception {
        LedSubsystem leds = leds(true);
        leds.start();
        try {
            leds.ready();
            assertEquals("degraded", leds.shown());
            leds.degraded(false);
            assertEquals("degraded", leds.shown(), "a working MQTT login does not clear the data partition's fault");
        } finally {
            leds.stop();
        }
    }

    @Test
    void aUsableDataPartitionLeavesDegradedToTheLogin() throws Exception {
        LedSubsystem leds = leds(false);
        leds.start();
        try {
            leds.ready();
            String before = leds.shown();
            assertEquals("off", before, "nothing to show before the uplink has said anything");
            leds.degraded(true);
            assertEquals("degraded", leds.shown());
            leds.degraded(false);
            assertEquals(before, leds.shown());
        } finally {
            leds.stop();
        }
    }

    @Test
    void safeModeShowsAfterReadyAndOutranksDegraded() throws Exception {
        LedSubsystem leds = leds(true, true);
        leds.start();
        try {
            leds.ready();
            assertEquals("safe-mode", leds.shown());
            leds.degraded(false);
            assertEquals("safe-mode", leds.shown(), "safe mode lasts as long as the start runs");
        } finally {
            leds.stop();
        }
    }

    private LedSubsystem leds(boolean dataUnavailable) {
        return leds(dataUnavailable, false);
    }

    private LedSubsystem leds(boolean dataUnavailable, boolean safeMode) {
        return new LedSubsystem(root, LoadedConfig.load(root.resolve("boot/lowernet.conf"),
                root.resolve(LastGoodConfig.FILE)), BoardProfile.unknown("x"),
                new Uplink(Optional.of("eth0"), true, EventSink.NONE), () -> dataUnavailable, safeMode);
    }
}
