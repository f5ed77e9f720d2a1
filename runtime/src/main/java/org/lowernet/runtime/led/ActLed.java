package org.lowernet.runtime.led;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Pi's on-board ACT LED through the kernel's LED class ({@code /sys/class/leds/<name>/{trigger,brightness}};
 * Documentation/leds/leds-class.rst). The kernel owns it, so Pi4J cannot drive it. Its name is {@code ACT}
 * on current device trees and {@code led0} on older ones.
 */
public final class ActLed implements LedOutput {

    static final List<String> NAMES = List.of("ACT", "led0");
    /** The trigger file lists every trigger with the active one in brackets: "none [mmc0] heartbeat". */
    private static final Pattern ACTIVE_TRIGGER = Pattern.compile("\\[([^]]+)]");

    private final Path dir;
    private final String originalTrigger;

    private ActLed(Path dir, String originalTrigger) {
        this.dir = dir;
        this.originalTrigger = originalTrigger;
    }

    /** Takes the ACT LED from the kernel's trigger, if {@code sysClassLeds} has one; empty when it has not. */
    public static Optional<ActLed> take(Path sysClassLeds) throws IOException {
        for (String name : NAMES) {
            Path dir = sysClassLeds.resolve(name);
            if (Files.isRegularFile(dir.resolve("trigger"))) {
                Matcher m = ACTIVE_TRIGGER.matcher(Files.readString(dir.resolve("trigger"), StandardCharsets.US_ASCII));
                String original = m.find() ? m.group(1) : "none";
                write(dir.resolve("trigger"), "none");
                return Optional.of(new ActLed(dir, original));
            }
        }
        return Optional.empty();
    }

    @Override
    public void set(boolean lit) {
        try {
            write(dir.resolve("brightness"), lit ? "1" : "0");
        } catch (IOException e) {
            throw new UncheckedIOException("setting " + dir.resolve("brightness"), e);
        }
    }

    /** Gives the LED back to the trigger it had. */
    @Override
    public void close() {
        try {
            write(dir.resolve("trigger"), originalTrigger);
        } catch (IOException e) {
            throw new UncheckedIOException("restoring " + dir.resolve("trigger") + " to " + originalTrigger, e);
        }
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
