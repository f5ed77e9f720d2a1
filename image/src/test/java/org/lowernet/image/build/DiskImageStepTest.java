package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.disk.DiskLayout;
import org.lowernet.image.disk.MasterBootRecord;
import org.lowernet.image.disk.Partition;
import org.lowernet.image.release.BlockMap;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;

/** The image's partition 2 as the device side expects it: where it is, what it holds, what the bmap writes. */
class DiskImageStepTest {

    private static final long MIB = 1024 * 1024;
    /** Partition 2 in 4 KiB bmap blocks: from 132 MiB to the 256 MiB image's end. */
    private static final long DATA_FIRST_BLOCK = 132 * MIB / BlockMap.BLOCK_SIZE;
    private static final long DATA_HEAD_BLOCKS = 4 * MIB / BlockMap.BLOCK_SIZE;

    @TempDir
    Path dir;

    private DiskImageStep.DiskImage build() throws Exception {
        FileTree boot = new FileTree().file("config.txt", 0644, Content.of("arm_64bit=1\n"))
                .file("system-a", 0644, Content.of(new byte[3 << 20]));
        return new DiskImageStep(boot, Instant.parse("2026-01-01T00:00:00Z"), dir.resolve("x.img")).run().value();
    }

    @Test
    void partitionTwoIsLinuxFromTheAlignedStartToTheLastSector() throws Exception {
        DiskImageStep.DiskImage image = build();
        assertEquals(DiskImageStep.IMAGE_BYTES, Files.size(image.path()));
        try (FileChannel disk = FileChannel.open(image.path(), StandardOpenOption.READ)) {
            List<Partition> table = MasterBootRecord.read(disk).partitions();
            assertEquals(List.of(new Partition(8192, 262144, Partition.TYPE_FAT32_LBA, true),
                    new Partition(270336, 253952, Partition.TYPE_LINUX, false)), table);
            assertEquals(DiskImageStep.IMAGE_BYTES / 512, table.get(1).endLba());

            ByteBuffer entry = ByteBuffer.allocate(16);
            disk.read(entry, 446 + 16);
            // inactive, CHS "LBA only", type 0x83, LBA 0x42000, 0x3E000 sectors (little-endian)
            assertEquals("00feffff83feffff0020040000e00300", HexFormat.of().formatHex(entry.array()));

            ByteBuffer head = ByteBuffer.allocate((int) DiskLayout.DATA_HEAD_BYTES);
            while (head.hasRemaining() && disk.read(head, 132 * MIB + head.position()) > 0) {
                // read the whole head
            }
            assertArrayEquals(new byte[(int) DiskLayout.DATA_HEAD_BYTES], head.array(),
                    "partition 2 must hold no filesystem: the device formats it");
        }
    }

    @Test
    void theBmapMapsPartitionTwosFirst4MibAndNothingMoreOfIt() throws Exception {
        DiskImageStep.DiskImage image = build();
        BlockMap map = BlockMap.scan(image.path(), ArtifactsStep.alwaysMapped(image.layout()));

        long[] mappedInData = map.ranges().stream()
                .flatMapToLong(r -> java.util.stream.LongStream.rangeClosed(r.first(), r.last()))
                .filter(block -> block >= DATA_FIRST_BLOCK).toArray();
        long[] head = java.util.stream.LongStream.range(DATA_FIRST_BLOCK, DATA_FIRST_BLOCK + DATA_HEAD_BLOCKS).toArray();
        assertArrayEquals(head, mappedInData, "mapped blocks of partition 2");
        assertTrue(map.ranges().stream().anyMatch(r -> r.last() == DATA_FIRST_BLOCK + DATA_HEAD_BLOCKS - 1));
        // And the plain scan (what a bmap made from the bytes alone would say) maps none of it.
        assertTrue(BlockMap.scan(image.path()).ranges().stream().allMatch(r -> r.last() < DATA_FIRST_BLOCK),
                Arrays.toString(BlockMap.scan(image.path()).ranges().toArray()));
    }
}
