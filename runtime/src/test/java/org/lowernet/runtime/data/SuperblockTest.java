package org.lowernet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ext magic 0xEF53, little-endian, at byte 1080, and nothing else counts. */
class SuperblockTest {

    @TempDir
    Path folder;

    @Test
    void theMagicAtByte1080IsASuperblock() throws IOException {
        byte[] bytes = new byte[4096];
        bytes[1080] = 0x53;
        bytes[1081] = (byte) 0xEF;
        assertTrue(Superblock.present(write("ext4", bytes)));
    }

    @Test
    void zerosGarbageTheWrongByteOrderAndAShortFileAreNot() throws IOException {
        assertFalse(Superblock.present(write("zeros", new byte[4 << 20])));
        byte[] swapped = new byte[4096];
        swapped[1080] = (byte) 0xEF;
        swapped[1081] = 0x53;
        assertFalse(Superblock.present(write("swapped", swapped)));
        byte[] shifted = new byte[4096];
        shifted[1082] = 0x53;
        shifted[1083] = (byte) 0xEF;
        assertFalse(Superblock.present(write("shifted", shifted)));
        byte[] garbage = new byte[4096];
        new java.util.Random(12).nextBytes(garbage);
        garbage[1080] = 0;
        assertFalse(Superblock.present(write("garbage", garbage)));
        assertFalse(Superblock.present(write("short", new byte[1081])));
        assertFalse(Superblock.present(write("empty", new byte[0])));
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(folder.resolve(name), bytes);
    }
}
