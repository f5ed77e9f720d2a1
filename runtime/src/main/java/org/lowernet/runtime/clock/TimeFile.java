package org.lowernet.runtime.clock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.lowernet.runtime.data.AtomicFile;

/**
 * A file holding one instant as an ISO-8601 UTC line ({@code 2026-12-01T16:47:33Z}): the clock saved on /data
 * and the image's build time. Written atomically, so a power cut leaves the old time or the new, never half.
 */
public final class TimeFile {

    /** Longer than any instant line: a bigger file is not one of ours. */
    static final int MAX_BYTES = 64;

    private TimeFile() {
    }

    /** The instant in {@code file}; empty when there is no file; an empty or corrupt file throws, saying what it holds. */
    public static Optional<Instant> read(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (bytes.length > MAX_BYTES) {
            throw new IOException(file + " holds more than " + MAX_BYTES + " bytes, not one time");
        }
        String text = new String(bytes, StandardCharsets.US_ASCII).strip();
        if (text.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw new IOException(file + " holds '" + text.replaceAll("[^ -~]", "?")
                    + "', not a time such as 2026-12-01T16:47:33Z");
        }
    }

    public static void write(Path file, Instant time) throws IOException {
        AtomicFile.write(file, time.toString() + "\n");
    }
}
