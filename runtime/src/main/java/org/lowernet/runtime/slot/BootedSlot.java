package org.lowernet.runtime.slot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.lowernet.runtime.update.SlotState.Slot;

/**
 * The slot this boot runs, as the first stage wrote it into the root it mounted ({@code /etc/lowernet/slot}): on trial
 * (and which boot of the trial this is) or committed.
 *
 * @param attempt which trial boot this is (1 for the first); 0 when committed
 */
public record BootedSlot(Slot slot, boolean trial, int attempt, int maxTries) {

    /** Below the root; the first stage writes it before it switches to the system. */
    public static final String FILE = "etc/lowernet/slot";

    /** Empty when the file is missing (a root the first stage did not unpack: a test's) or unreadable. */
    public static Optional<BootedSlot> read(Path root) throws IOException {
        Path file = root.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1).strip());
            }
        }
        try {
            Slot slot = Slot.of(values.getOrDefault("slot", ""));
            boolean trial = "trial".equals(values.get("state"));
            return Optional.of(new BootedSlot(slot, trial, trial ? Integer.parseInt(values.getOrDefault("try", "1")) : 0,
                    trial ? Integer.parseInt(values.getOrDefault("max_tries", "3")) : 0));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not what the first stage writes: " + e.getMessage(), e);
        }
    }

    public String describe() {
        return slot.fileName() + (trial ? " on trial (boot " + attempt + " of " + maxTries + ")" : ", committed");
    }
}
