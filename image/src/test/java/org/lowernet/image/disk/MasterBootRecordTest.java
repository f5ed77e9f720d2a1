package org.lowernet.image.disk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.fat.Fat32Writer;
import org.lowernet.image.fat.FatVolume;

import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.HostTools;

class MasterBootRecordTest {

    private static final long MIB = 1024 * 1024;
    private static final int SIGNATURE = 0x12345678;

    @TempDir
    Path tmp;

    /** Sector 0 for a 64 MiB boot partition and a data partition in a 256 MiB image, derived by hand. */
    @Test
    void tableMatchesHandDerivedBytes() {
        byte[] expected = new byte[512];
        put(expected, 440, "78563412"); // disk signature, little-endian; 444-445 stay 0
        // active, CHS 1023/254/63, type 0x0C, CHS 1023/254/63, LBA 8192 (0x2000), 131072 sectors (0x20000)
        put(expected, 446, "80feffff0cfeffff0020000000000200");
        // inactive, type 0x83, LBA 139264 (0x22000, 4 MiB-aligned after the boot partition), 385024 (0x5E000) sectors
        put(expected, 462, "00feffff83feffff0020020000e00500");
        put(expected, 510, "55aa");

        DiskLayout layout = DiskLayout.of(64 * MIB, 256 * MIB);
        assertArrayEquals(expected, layout.mbr(SIGNATURE).encode());
    }

    /** The table scripts/build writes (128 MiB boot, 256 MiB image): entry 2 runs from 132 MiB to the end. */
    @Test
    void theImagesTableMatchesHandDerivedBytes() {
        byte[] expected = new byte[512];
        put(expected, 440, "78563412");
        // active, type 0x0C, LBA 8192 (0x2000), 262144 sectors (0x40000)
        put(expected, 446, "80feffff0cfeffff0020000000000400");
        // inactive, type 0x83, LBA 270336 (0x42000 = 132 MiB), 253952 (0x3E000) sectors: up to sector 524288, the end
        put(expected, 462, "00feffff83feffff0020040000e00300");
        put(expected, 510, "55aa");
        assertArrayEquals(expected, DiskLayout.of(128 * MIB, 256 * MIB).mbr(SIGNATURE).encode());
    }

    @Test
    void fileAndBlkidAndMtoolsReadTheTable() throws Exception {
        DiskLayout layout = DiskLayout.of(64 * MIB, 256 * MIB);
        Path disk = tmp.resolve("disk.img");
        FileTree tree = new FileTree().file("config.txt", 0644, Content.of("arm_64bit=1\n"));
        try (FileChannel channel = FileChannel.open(disk, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.allocate(1), layout.imageBytes() - 1);
            layout.mbr(SIGNATURE).writeTo(channel);
            new Fat32Writer(tree, new FatVolume(layout.bootBytes(), 1, "LOWERNET", LocalDateTime.of(2026, 1, 1, 0, 0)))
                    .write(channel, layout.bootOffset());
        }
        assertEquals(256 * MIB, Files.size(disk));

        HostTools.Result file = HostTools.run(List.of("file", "-b", disk.toString()));
        assertTrue(file.out().contains("partition 1 : ID=0xc, active, start-CHS (0x3ff,254,63), end-CHS (0x3ff,254,63),"
                + " startsector 8192, 131072 sectors; partition 2 : ID=0x83, start-CHS (0x3ff,254,63),"
                + " end-CHS (0x3ff,254,63), startsector 139264, 385024 sectors"), file.toString());

        HostTools.Result blkid = HostTools.run(List.of("blkid", "-p", "-o", "export", disk.toString()));
        assertTrue(blkid.out().contains("PTUUID=12345678\nPTTYPE=dos\n"), blkid.toString());

        // At the start sector the table names, blkid finds the FAT32 filesystem. (mtools' partition= mode
        // would be the stronger judge, but mtools 4.0.32 answers "Big disks not supported" even for mkfs.fat's.)
        HostTools.Result fs = HostTools.run(List.of("blkid", "-p", "-o", "export", "-O",
                String.valueOf(8192 * 512), disk.toString()));
        assertTrue(fs.out().contains("LABEL=LOWERNET\n"), fs.toString());
        assertTrue(fs.out().contains("VERSION=FAT32\n"), fs.toString());
        assertTrue(fs.out().contains("TYPE=vfat\n"), fs.toString());
    }

    @Test
    void overlappingOrOversizedTablesAreRefused() {
        Partition boot = new Partition(8192, 8192, Partition.TYPE_FAT32_LBA, true);
        var overlap = assertThrows(IllegalArgumentException.class, () -> new MasterBootRecord(SIGNATURE, 65536,
                List.of(boot, new Partition(16383, 10, Partition.TYPE_LINUX, false))));
        assertTrue(overlap.getMessage().startsWith("partition 2 Partition[startLba=16383"), overlap.getMessage());
        assertTrue(overlap.getMessage().contains("overlaps partition 1"), overlap.getMessage());

        var beyond = assertThrows(IllegalArgumentException.class,
                () -> new MasterBootRecord(SIGNATURE, 16000, List.of(boot)));
        assertTrue(beyond.getMessage().contains("ends at sector 16384, beyond the disk's 16000 sectors"),
                beyond.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new MasterBootRecord(SIGNATURE, 1 << 20, List.of(
                new Partition(1, 1, 1, false), new Partition(2, 1, 1, false), new Partition(3, 1, 1, false),
                new Partition(4, 1, 1, false), new Partition(5, 1, 1, false))));
        assertThrows(IllegalArgumentException.class, () -> new Partition(0, 1, Partition.TYPE_LINUX, false));
        assertThrows(IllegalArgumentException.class, () -> new Partition(1, 1L << 32, Partition.TYPE_LINUX, false));
        assertThrows(IllegalArgumentException.class, () -> new Partition(1, 1, 0, false));
    }

    private static void put(byte[] sector, int offset, String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        System.arraycopy(bytes, 0, sector, offset, bytes.length);
    }
}
