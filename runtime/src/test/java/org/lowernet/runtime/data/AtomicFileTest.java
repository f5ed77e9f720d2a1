package org.lowernet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheContentAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("state/clock");
        AtomicFile.write(file, "1");
        AtomicFile.write(file, "22");
        assertEquals("22", Files.readString(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aTemporaryFileLeftByAPowerCutIsOverwritten() throws IOException {
        Path file = dir.resolve("boot");
        Files.writeString(dir.resolve("boot" + AtomicFile.TEMPORARY), "half a line from before the power cut, much longer");
        AtomicFile.write(file, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
        assertFalse(Files.exists(dir.resolve("boot" + AtomicFile.TEMPORARY)));
    }

    @Test
    void aFailedWriteKeepsTheOldContent() throws IOException {
        Path file = dir.resolve("config");
        AtomicFile.write(file, "old");
        // A folder where the temporary file must go: the write fails before the target is touched.
        Files.createDirectories(dir.resolve("config" + AtomicFile.TEMPORARY + "/x"));
        assertThrows(IOException.class, () -> AtomicFile.write(file, "new"));
        assertEquals("old", Files.readString(file));
    }

    @Test
    void aPrivateFileIsTheOwnersOnlyEvenOverATemporaryFileOthersCouldRead() throws IOException {
        Path file = dir.resolve("tunnel/private.key");
        Files.createDirectories(file.getParent());
        Path left = dir.resolve("tunnel/private.key" + AtomicFile.TEMPORARY);
        Files.writeString(left, "left by a power cut");
        Files.setPosixFilePermissions(left, PosixFilePermissions.fromString("rw-r--r--"));
        AtomicFile.writePrivate(file, new byte[] {4, 5});
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.exists(left));
    }
}
