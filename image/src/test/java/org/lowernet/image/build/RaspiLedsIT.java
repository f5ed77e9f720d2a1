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
        assertTrue(console.contains("leds: driving status GPIO 17, uplink GPIO 27, mesh GPIO 22 through"
                + " gpiod-digital-output"), String.join("\n", console));
        // Each pattern starts lit: right after a change, a blinking LED's line is high.
        assertReadBack(console, "booting (status=slow blink, uplink=off, mesh=off)", "gpio17=hi gpio22=lo gpio27=lo");
        assertReadBack(console, "booting (status=slow blink, uplink=slow blink, mesh=off)",
                "gpio17=(hi|lo) gpio22=lo gpio27=hi");
    }

    /** The state was logged, and the kernel's levels read back for it match {@code levels} (a regex). */
    private static void assertReadBack(List<String> console, String view, String levels) {
        String all = String.join("\n", console);
        assertTrue(console.contains("leds: " + view), "no line 'leds: " + view + "' in\n" + all);
        String prefix = "leds: read back for " + view + ": ";
        String line = console.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + prefix + "' in\n" + all));
        assertTrue(line.substring(prefix.length()).matches(levels), line + " should match " + levels);
    }
}
