package org.lowernet.image.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DiskLayoutTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void bootPartitionSitsAt4MibAndTheDataPartitionFillsTheRest() {
        DiskLayout layout = DiskLayout.of(256 * MIB, 1024 * MIB);
        assertEquals(new Partition(8192, 524288, 0x0C, true), layout.boot());
        assertEquals(4 * MIB, layout.bootOffset());
        assertEquals(new Partition(8192 + 524288, 2097152 - 8192 - 524288, 0x83, false), layout.data());
        assertEquals(260 * MIB, layout.dataHeadOffset());
    }

    /** What scripts/build makes: 128 MiB FAT at 4 MiB, then Linux from 132 MiB to the 256 MiB image's end. */
    @Test
    void theImagesOwnLayoutFieldByField() {
        DiskLayout layout = DiskLayout.of(128 * MIB, 256 * MIB);
        assertEquals(524288, layout.diskSectors());
        assertEquals(8192, layout.boot().startLba());
        assertEquals(262144, layout.boot().sectors());
        assertEquals(270336, layout.data().startLba()); // 132 MiB, a multiple of 8192 sectors
        assertEquals(0, layout.data().startLba() % DiskLayout.ALIGNMENT_SECTORS);
        assertEquals(253952, layout.data().sectors()); // 124 MiB
        assertEquals(layout.diskSectors(), layout.data().endLba(), "partition 2 ends at the image's last sector");
        assertEquals(0x83, layout.data().type());
        assertEquals(false, layout.data().bootable());
        assertEquals(132 * MIB, layout.dataHeadOffset());
        assertEquals(4 * MIB, DiskLayout.DATA_HEAD_BYTES);
    }

    @Test
    void dataPartitionStartsOnTheNext4MibBoundary() {
        DiskLayout layout = DiskLayout.of(65 * MIB, 128 * MIB);
        assertEquals(8192 + 65 * 2048 + 6144, layout.data().startLba()); // 69 MiB -> 72 MiB
        assertEquals(72 * 2048, layout.data().startLba());
        assertEquals(56 * 2048, layout.data().sectors());
    }

    @Test
    void aBootPartitionLeavingNoRoomForTheDataHeadIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> DiskLayout.of(60 * MIB, 64 * MIB));
        assertEquals("a boot partition of 60 MiB at 4 MiB and a data partition of at least 4 MiB do not fit an image"
                + " of 64 MiB; make the image at least 128 MiB", e.getMessage());
    }

    @Test
    void sizesThatCannotWorkAreRefusedWithTheFix() {
        var notPowerOfTwo = assertThrows(IllegalArgumentException.class, () -> DiskLayout.of(64 * MIB, 300 * MIB));
        assertEquals("image size 314572800 bytes is not a power of two; choose e.g. 536870912"
                + " (QEMU's raspi machines refuse other SD card sizes)", notPowerOfTwo.getMessage());

        var tooBig = assertThrows(IllegalArgumentException.class, () -> DiskLayout.of(128 * MIB, 128 * MIB));
        assertEquals("a boot partition of 128 MiB at 4 MiB and a data partition of at least 4 MiB do not fit an"
                + " image of 128 MiB; make the image at least 256 MiB", tooBig.getMessage());

        assertThrows(IllegalArgumentException.class, () -> DiskLayout.of(MIB + 1, 128 * MIB));
        assertThrows(IllegalArgumentException.class, () -> DiskLayout.of(64 * MIB, 0));
    }
}
