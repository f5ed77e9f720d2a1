package org.lowernet.runtime.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the runtime learns about the device it runs on, read once at start.
 *
 * @param board         the model string from the device tree, empty on machines without one
 * @param kernelRelease the running kernel's release
 * @param serial        the board's serial number (the default node name derives from it), empty when unknown
 */
public record DeviceFacts(Optional<String> board, String kernelRelease, Optional<String> serial) {

    /** Reads the facts below {@code root}: "/" on the device, a prepared folder in tests. */
    public static DeviceFacts read(Path root) {
        return new DeviceFacts(
                readTrimmed(root.resolve("proc/device-tree/model")),
                readTrimmed(root.resolve("proc/sys/kernel/osrelease")).orElse("unknown"),
                readTrimmed(root.resolve("proc/device-tree/serial-number")));
    }

    private static Optional<String> readTrimmed(Path file) {
        try {
            // Device-tree strings end in NUL.
            String text = Files.readString(file, StandardCharsets.UTF_8).replace("\0", "").strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
