package org.lowernet.runtime.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeFileTest {

    @TempDir
    Path dir;

    @Test
    void writesOneIsoLineAndReadsItBack() throws IOException {
        Path file = dir.resolve("lowernet/clock");
        Instant time = Instant.parse("2026-12-01T16:47:33.250Z");
        TimeFile.write(file, time);
        assertEquals("2026-12-01T16:47:33.250Z\n", Files.readString(file));
        assertEquals(Optional.of(time), TimeFile.read(file));
        assertEquals(Optional.empty(), TimeFile.read(dir.resolve("missing")));
    }

    @Test
    void anEmptyOrCorruptFileIsAnErrorThatSaysWhatItHolds() throws IOException {
        Path file = dir.resolve("clock");
        Files.writeString(file, "");
        assertEquals(file + " is empty", assertThrows(IOException.class, () -> TimeFile.read(file)).getMessage());
        Files.write(file, new byte[] {'2', '0', 0, (byte) 0xff, '\n'});
        assertEquals(file + " holds '20??', not a time such as 2026-12-01T16:47:33Z",
                assertThrows(IOException.class, () -> TimeFile.read(file)).getMessage());
        Files.writeString(file, "x".repeat(TimeFile.MAX_BYTES + 1));
        assertEquals(file + " holds more than 64 bytes, not one time",
                assertThrows(IOException.class, () -> TimeFile.read(file)).getMessage());
    }
}
