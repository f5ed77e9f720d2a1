package org.lowernet.runtime.led;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.config.ActiveLevel;
import org.lowernet.runtime.config.LedsConfig;
import org.lowernet.runtime.config.QuietHours;
import org.lowernet.runtime.config.ActMode;

/** Pi4J outputs on the mock provider, the ACT LED on a fake sysfs, and pins from board and config. */
class Pi4jOutputsTest {

    @Test
    void outputsOnTheMockProviderStartDarkAndFollowTheActiveLevel() {
        try (Pi4jOutputs pi4j = Pi4jOutputs.open("mock-digital-output",
                Map.of(Led.STATUS, new LedPin(17, ActiveLevel.HIGH), Led.UPLINK, new LedPin(27, ActiveLevel.LOW)))) {
            com.pi4j.context.Context context = contextOf(pi4j);
            com.pi4j.io.gpio.digital.DigitalOutput status = context.registry().get("led-status");
            com.pi4j.io.gpio.digital.DigitalOutput uplink = context.registry().get("led-uplink");
            assertEquals("mock-digital-output", status.provider().id(), "the provider named, not auto-detected");
            assertTrue(status.isLow(), "dark at start");
            assertTrue(uplink.isHigh(), "active low: dark is high");
            pi4j.outputs().get(Led.STATUS).set(true);
            pi4j.outputs().get(Led.UPLINK).set(true);
            assertTrue(status.isHigh());
            assertTrue(uplink.isLow());
            assertEquals(17, status.address().intValue());
        }
    }

    private static com.pi4j.context.Context contextOf(Pi4jOutputs outputs) {
        try {
            var field = Pi4jOutputs.class.getDeclaredField("context");
            field.setAccessible(true);
            return (com.pi4j.context.Context) field.get(outputs);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theActLedLeavesTheKernelTriggerAndGetsItBack(@TempDir Path sys) throws IOException {
        Path led0 = Files.createDirectories(sys.resolve("led0"));
        Files.writeString(led0.resolve("trigger"), "none timer [mmc0] heartbeat\n");
        Files.writeString(led0.resolve("brightness"), "0\n");
        ActLed act = ActLed.take(sys).orElseThrow();
        assertEquals("none\n", Files.readString(led0.resolve("trigger")));
        act.set(true);
        assertEquals("1\n", Files.readString(led0.resolve("brightness")));
        act.close();
        assertEquals("mmc0\n", Files.readString(led0.resolve("trigger")));
        assertTrue(ActLed.take(sys.resolve("nothing")).isEmpty());
    }

    @Test
    void configuredPinsOverrideTheBoardAndTakeItsPinFromAnother() {
        SortedMap<String, Integer> board = new TreeMap<>(Map.of("status", 17, "uplink", 27, "mesh", 22));
        LedsConfig config = new LedsConfig(new TreeMap<>(Map.of("status", 22)),
                new TreeMap<>(Map.of("uplink", ActiveLevel.LOW)), ActMode.MIRROR, QuietHours.NEVER);
        List<String> warnings = new ArrayList<>();
        Map<Led, LedPin> pins = LedPins.resolve(board, config, warnings);
        assertEquals(Map.of(Led.STATUS, new LedPin(22, ActiveLevel.HIGH), Led.UPLINK, new LedPin(27, ActiveLevel.LOW)),
                pins);
        assertEquals(List.of("leds: the mesh LED's board pin GPIO 22 is leds.status.gpio in lowernet.conf; the mesh"
                + " LED stays unlit (give it leds.mesh.gpio)"), warnings);
    }
}
