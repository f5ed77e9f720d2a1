package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.debian.PackageCache;
import org.lowernet.image.qemu.QemuMachine;

/**
 * The image on an emulated Pi 3 drives the BCM2835 GPIO through Pi4J's gpiod provider: the runtime reads
 * the LED lines back from the kernel (debugfs) after each state change and logs what it found. QEMU
 * raspi3b has no network interface, so the router is booting with no uplink: status and uplink blink
 * (both start lit), mesh stays dark.
 */
class RaspiLedsIT {

    @TempDir
    Path dir;

    @Test
    void theLedLinesHoldThePatternOfTheStateTheRouterIsIn() throws Exception {
        ImageBuilder.Result image = ImageIT.build(dir.resolve("out"), PackageCache.defaultDir());
        List<String> console = ImageIT.boot(image.image(), QemuMachine.RASPI3B, Duration.ofSeconds(300),
                Files.createDirectories(dir.resolve("boot")));
        String all = String.join("\n", console);
        assertTrue(console.contains("leds: driving status GPIO 17, uplink GPIO 27, mesh GPIO 22 through"
                + " gpiod-digital-output"), all);
        assertFollowedBy(console, "leds: booting (status=slow blink, uplink=off, mesh=off)",
                "leds: read back gpio17=hi gpio22=lo gpio27=lo", all);
        assertFollowedBy(console, "leds: booting (status=slow blink, uplink=slow blink, mesh=off)",
                "leds: read back gpio17=hi gpio22=lo gpio27=hi", all);
    }

    /** {@code state} is logged, and the next read-back after it is {@code readBack}. */
    private static void assertFollowedBy(List<String> console, String state, String readBack, String all) {
        int at = console.indexOf(state);
        assertTrue(at >= 0, "no line '" + state + "' in\n" + all);
        String next = console.subList(at, console.size()).stream().filter(l -> l.startsWith("leds: read back"))
                .findFirst().orElse("no read-back");
        assertTrue(next.equals(readBack), "after '" + state + "' expected '" + readBack + "', found '" + next
                + "' in\n" + all);
    }
}
