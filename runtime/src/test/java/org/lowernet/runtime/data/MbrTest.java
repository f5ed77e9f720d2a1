package org.lowernet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Growing partition 2's MBR entry on a file disk: golden field values, every other byte of sector 0 unchanged
 * (boot code, disk signature, partition 1), idempotent, and refusals that say why.
 */
class MbrTest {

    /** A 1 GiB card: partition 1 FAT32 LBA at 4 MiB for 256 MiB, partition 2 Linux right after, 4 MiB. */
    static final long DISK_SECTORS = 2_097_152;
    static final long P2_START = 532_480;

    @TempDir
    Path folder;

    @Test
    void partitionTwoEndsAtTheDisksEndAndNothingElseChanges() throws IOException {
        byte[] before = sector0(0x83, 0);
        Path disk = disk(before);

        Mbr.Growth growth = grow(disk, DISK_SECTORS);

        assertEquals(new Mbr.Growth(P2_START, 8192, DISK_SECTORS - P2_START), growth);
        assertTrue(growth.grew());
        byte[] after = Arrays.copyOf(Files.readAllBytes(disk), 512);
        // status 00, CHS first FE FF FF, type 83, CHS last FE FF FF, first LBA 532480, sectors 1564672.
        assertEquals("00feffff83feffff00200800" + "00e01700", HexFormat.of().formatHex(after, 462, 478));
        assertEquals(DISK_SECTORS, field(after, 462 + Mbr.ENTRY_FIRST_LBA) + field(after, 462 + Mbr.ENTRY_SECTORS));
        assertArrayEquals(Arrays.copyOf(before, 462), Arrays.copyOf(after, 462), "boot code, disk signature, entry 1");
        assertArrayEquals(Arrays.copyOfRange(before, 478, 512), Arrays.copyOfRange(after, 478, 512),
                "entries 3 and 4, signature");
        assertEquals(8 << 20, Files.size(disk), "nothing written past sector 0");
    }

    @Test
    void growingAgainChangesNothing() throws IOException {
        Path disk = disk(sector0(0x83, 0));
        grow(disk, DISK_SECTORS);
        byte[] once = Files.readAllBytes(disk);

        Mbr.Growth again = grow(disk, DISK_SECTORS);

        assertFalse(again.grew());
        assertEquals(DISK_SECTORS - P2_START, again.newSectors());
        assertArrayEquals(once, Files.readAllBytes(disk));
    }

    @Test
    void aCardBeyondTwoTebibytesGetsTheLargestEntry() throws IOException {
        Path disk = disk(sector0(0x83, 0));
        assertEquals(Mbr.MAX_SECTORS, grow(disk, 1L << 33).newSectors());
        assertEquals("ffffffff", HexFormat.of().formatHex(Files.readAllBytes(disk), 474, 478));
    }

    @Test
    void refusesANonLinuxPartitionTwo() throws IOException {
        byte[] before = sector0(0x0c, 0);
        Path disk = disk(before);
        IOException e = assertThrows(IOException.class, () -> grow(disk, DISK_SECTORS));
        assertEquals("partition 2 is of type 0x0c, not a Linux partition (0x83); not growing it", e.getMessage());
        assertArrayEquals(before, Arrays.copyOf(Files.readAllBytes(disk), 512));
    }

    @Test
    void refusesWhenPartitionTwoIsNotTheLast() throws IOException {
        byte[] before = sector0(0x83, 0x83);
        Path disk = disk(before);
        IOException e = assertThrows(IOException.class, () -> grow(disk, DISK_SECTORS));
        assertEquals("partition 3 (type 0x83, from sector 540672) lies after partition 2 (from sector 532480): "
                + "only the last partition may grow; not growing it", e.getMessage());
        assertArrayEquals(before, Arrays.copyOf(Files.readAllBytes(disk), 512));
    }

    @Test
    void refusesASectorWithoutTheMbrSignature() throws IOException {
        byte[] before = sector0(0x83, 0);
        before[510] = 0;
        Path disk = disk(before);
        IOException e = assertThrows(IOException.class, () -> grow(disk, DISK_SECTORS));
        assertEquals("sector 0 has no MBR signature (bytes 510-511 are 00aa, not 55aa); not touching it",
                e.getMessage());
    }

    @Test
    void refusesAPartitionThatStartsBeyondTheDisk() throws IOException {
        Path disk = disk(sector0(0x83, 0));
        IOException e = assertThrows(IOException.class, () -> grow(disk, 1000));
        assertTrue(e.getMessage().contains("starts at sector 532480, beyond the disk's 1000 sectors"), e.getMessage());
    }

    /** Sector 0 as the image builder writes it: boot code bytes, a disk signature, two or three entries. */
    static byte[] sector0(int secondType, int thirdType) {
        ByteBuffer sector = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        byte[] code = new byte[440];
        new Random(7).nextBytes(code);
        sector.put(code).putInt(0x1234abcd);
        entry(sector, 0, 0x80, 0x0c, 8192, 524_288);
        entry(sector, 1, 0, secondType, P2_START, 8192);
        if (thirdType != 0) {
            entry(sector, 2, 0, thirdType, P2_START + 8192, 8192);
        }
        sector.put(510, (byte) 0x55).put(511, (byte) 0xAA);
        return sector.array();
    }

    private static void entry(ByteBuffer sector, int index, int status, int type, long start, long sectors) {
        int at = 446 + 16 * index;
        sector.put(at, (byte) status).put(at + 1, Mbr.CHS_LBA_ONLY).put(at + 4, (byte) type)
                .put(at + 5, Mbr.CHS_LBA_ONLY).putInt(at + 8, (int) start).putInt(at + 12, (int) sectors);
    }

    private static long field(byte[] sector, int at) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(sector).order(ByteOrder.LITTLE_ENDIAN).getInt(at));
    }

    private Path disk(byte[] sector0) throws IOException {
        Path disk = folder.resolve("disk.img");
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(sector0), 0);
            channel.truncate(8 << 20);
            channel.write(ByteBuffer.wrap(new byte[1]), (8 << 20) - 1);
        }
        return disk;
    }

    private static Mbr.Growth grow(Path disk, long diskSectors) throws IOException {
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return Mbr.growToEnd(channel, 2, diskSectors);
        }
    }
}
