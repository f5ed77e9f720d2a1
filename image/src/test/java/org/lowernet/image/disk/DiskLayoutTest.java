package org.lowernet.image.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DiskLayoutTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void bootPartitionSitsAt4MibAndTheRestIsReserved() {
        DiskLayout layout = DiskLayout.of(256 * MIB, 1024 * MIB);
        assertEquals(new Partition(8192, 524288, 0x0C, true), layout.boot());
        assertEquals(4 * MIB, layout.bootOffset());
        assertEquals(8192 + 524288, layout.reservedStartLba());
        assertEquals(2097152 - 8192 - 524288, layout.reservedSectors());
    }

    @Test
    void reservedAreaStartsOnTheNext4MibBoundary() {
        DiskLayout layout = DiskLayout.of(65 * MIB, 128 * MIB);
        assertEquals(8192 + 65 * 2048 + 6144, layout.reservedStartLba()); // 69 MiB -> 72 MiB
        assertEquals(72 * 2048, layout.reservedStartLba());
    }

    @Test
    void aBootPartitionFillingTheImageLeavesNoRoomForData() {
        DiskLayout layout = DiskLayout.of(60 * MIB, 64 * MIB);
        assertEquals(0, layout.reservedSectors());
        var e = assertThrows(IllegalStateException.class, () -> layout.mbrWithData(1, Partition.TYPE_LINUX));
        assertEquals("no room for a data partition: the boot partition fills the 64 MiB image; make the image larger",
                e.getMessage());
    }

    @Test
    void sizesThatCannotWorkAreRefusedWithTheFix() {
        var notPowerOfTwo = assertThrows(IllegalArgumentException.class, () -> DiskLayout.of(64 * MIB, 300 * MIB));
        assertEquals("image size 314572800 bytes is not a power of two; choose e.g. 536870912"
                + " (QEMU's raspi machines refuse other SD card sizes)", notPowerOfTwo.getMessage());

        var tooBig = assertThrows(IllegalArgumentException.class, () -> DiskLayout.of(128 * MIB, 128 * MIB));
        assertEquals("boot partition of 128 MiB at 4 MiB does not fit an image of 128 MiB;"
                + " make the image at least 256 MiB", tooBig.getMessage());

        assertThrows(IllegalArgumentException.class, () -> DiskLayout.of(MIB + 1, 128 * MIB));
        assertThrows(IllegalArgumentException.class, () -> DiskLayout.of(64 * MIB, 0));
    }
}
