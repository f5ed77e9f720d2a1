package org.lowernet.runtime.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the board's watchdog in a fake sysfs, and the test machines' switch; arming needs a real device (QEMU IT). */
class WatchdogTest {

    @TempDir
    Path root;

    /** A /sys/class/watchdog/NAME whose device's driver is the kernel module {@code module}, as sysfs links it. */
    private void watchdog(String name, String module) throws IOException {
        Path modules = Files.createDirectories(root.resolve("sys/module").resolve(module));
        Path driver = Files.createDirectories(root.resolve("sys/bus/drivers").resolve(module + "-driver"));
        Files.createSymbolicLink(driver.resolve("module"), modules);
        Path device = Files.createDirectories(root.resolve("sys/devices").resolve(name));
        Files.createSymbolicLink(device.resolve("driver"), driver);
        Path entry = Files.createDirectories(root.resolve("sys/class/watchdog").resolve(name));
        Files.createSymbolicLink(entry.resolve("device"), device);
    }

    @Test
    void theWatchdogOfTheBoardsDriverIsFoundWhateverItsNumber() throws IOException {
        watchdog("watchdog0", "softdog");
        watchdog("watchdog1", "i6300esb");

        assertEquals(Optional.of(root.resolve("dev/watchdog1")), Watchdog.find(root, "i6300esb"));
        assertEquals(Optional.of(root.resolve("dev/watchdog0")), Watchdog.find(root, "softdog"));
        assertEquals(Optional.empty(), Watchdog.find(root, "bcm2835_wdt"), "not loaded");
    }

    /** i6300esb registers its watchdog without a parent device: sysfs has it under devices/virtual, no driver link. */
    @Test
    void aWatchdogWithoutDeviceIsTheLoadedModulesWhenItIsTheOnlyOne() throws IOException {
        Path virtual = Files.createDirectories(root.resolve("sys/devices/virtual/watchdog/watchdog0"));
        Files.createSymbolicLink(Files.createDirectories(root.resolve("sys/class/watchdog")).resolve("watchdog0"),
                virtual);
        assertEquals(Optional.empty(), Watchdog.find(root, "i6300esb"), "module not loaded");

        Files.createDirectories(root.resolve("sys/module/i6300esb"));
        assertEquals(Optional.of(root.resolve("dev/watchdog0")), Watchdog.find(root, "i6300esb"));

        Path other = Files.createDirectories(root.resolve("sys/devices/virtual/watchdog/watchdog1"));
        Files.createSymbolicLink(root.resolve("sys/class/watchdog/watchdog1"), other);
        assertEquals(Optional.empty(), Watchdog.find(root, "i6300esb"), "two without a device: which is it?");
    }

    @Test
    void withoutSysfsNoneIsFound() {
        assertEquals(Optional.empty(), Watchdog.find(root, "i6300esb"));
    }

    @Test
    void theKernelCommandLineSwitchIsAWholeWord() throws IOException {
        Path cmdline = Files.createDirectories(root.resolve("proc")).resolve("cmdline");
        Files.writeString(cmdline, "console=ttyS1,115200 lowernet.watchdog=off panic=-1\n");
        assertTrue(Watchdog.switchedOff(root));
        Files.writeString(cmdline, "console=ttyS1,115200 lowernet.watchdog=offline\n");
        assertFalse(Watchdog.switchedOff(root));
    }

    @Test
    void aBoardWithoutWatchdogArmsNothingAndReportsNoBootStatus() throws Exception {
        watchdog("watchdog0", "i6300esb");
        try (Watchdog none = new Watchdog(root, Optional.empty(), HealthCheck.DEVICE, System::nanoTime)) {
            none.start();
            assertEquals(Optional.empty(), none.bootStatus());
        }
    }

    @Test
    void aMissingDeviceNodeIsNotArmedAndTheRuntimeGoesOn() throws Exception {
        watchdog("watchdog0", "i6300esb");
        try (Watchdog missing = new Watchdog(root, Optional.of("i6300esb"), HealthCheck.DEVICE, System::nanoTime)) {
            missing.start(); // root/dev/watchdog0 does not exist: open fails, said loudly
            assertEquals(Optional.empty(), missing.bootStatus());
        }
    }

    @Test
    void theCardResetFlagIsTheWatchdogsReset() {
        assertTrue(new BootStatus("i6300esb", 0x20).watchdog());
        assertFalse(new BootStatus("i6300esb", 0).watchdog());
    }

    /** The last good config asks this: the same check as the feeding, also where no watchdog is armed. */
    @Test
    void healthyIsTheFeedingsCheckAlsoWithoutAWatchdog() {
        long[] now = {0};
        Map<String, String> failures = new HashMap<>();
        Watchdog unarmed = new Watchdog(root, Optional.empty(), new HealthCheck(Duration.ofSeconds(10),
                Duration.ofMinutes(10), Duration.ofMinutes(2)), () -> now[0]);
        unarmed.start();
        unarmed.watch(Runnable::run, () -> Map.copyOf(failures));
        assertTrue(unarmed.healthy());
        now[0] = Duration.ofMinutes(11).toNanos();
        assertFalse(unarmed.healthy(), "a start longer than its bound is not well");
        unarmed.ready();
        assertTrue(unarmed.healthy());
        failures.put("dnsmasq", "gave up");
        assertFalse(unarmed.healthy(), "a failed subsystem is not well");
    }
}
