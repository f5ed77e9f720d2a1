package org.lowernet.runtime.clock;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the clock is moved to at start: the later of the saved time and the build time, and only when the
 * kernel's clock is earlier (a clock that is already later, from a real-time clock or a runtime restarted by
 * init, is never moved back).
 *
 * @param kernel the kernel's clock before
 * @param saved  the time saved on /data, if it could be read
 * @param built  the image's build time, if it could be read
 * @param ignored what could not be read and was left out, one sentence each (an empty or corrupt file)
 */
public record Restore(Instant kernel, Optional<Instant> saved, Optional<Instant> built, List<String> ignored) {

    public Restore {
        ignored = List.copyOf(ignored);
    }

    /** Reads the saved time and the build time; a file that cannot be read is ignored and said in {@link #ignored}. */
    static Restore read(Instant kernel, Path savedFile, Path buildTimeFile) {
        List<String> ignored = new ArrayList<>();
        Optional<Instant> saved = readOrSay(savedFile, "the saved clock", ignored);
        Optional<Instant> built = readOrSay(buildTimeFile, "the image's build time", ignored);
        return new Restore(kernel, saved, built, ignored);
    }

    private static Optional<Instant> readOrSay(Path file, String what, List<String> ignored) {
        try {
            return TimeFile.read(file);
        } catch (IOException e) {
            ignored.add("ignoring " + what + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The earliest time the clock can be: no moment before it has been seen. */
    public Optional<Instant> floor() {
        return Stream.of(saved, built).flatMap(Optional::stream).max(Instant::compareTo);
    }

    /** The time to set, when the kernel's clock is behind the floor. */
    public Optional<Instant> target() {
        return floor().filter(f -> f.isAfter(kernel));
    }

    /** Where the target comes from, for the log. */
    public String source() {
        return saved.isPresent() && floor().equals(saved) ? "the time saved on /data" : "the image's build time";
    }
}
