package org.lowernet.image.disk;

import java.util.List;

/**
 * Where things go on the SD-card image: the FAT boot partition at 4 MiB, the rest of the disk described
 * as {@link #reservedStartLba()}..end. The build writes {@link #mbr} (the rest stays unpartitioned);
 * {@link #mbrWithData} would add a partition there, and only the MBR tests use it.
 *
 * @param imageBytes size of the whole image, a power of two (QEMU's raspi machines require it)
 * @param boot partition 1: FAT32 (LBA), bootable
 * @param reservedStartLba first sector after the boot partition, rounded up to {@link #ALIGNMENT_SECTORS}
 * @param reservedSectors sectors from there to the end of the image (may be 0)
 */
public record DiskLayout(long imageBytes, Partition boot, long reservedStartLba, long reservedSectors) {

    /** 4 MiB: the erase-block alignment SD cards favour, as Raspberry Pi OS images use too. */
    public static final long ALIGNMENT_SECTORS = 8192;
    public static final long BOOT_START_LBA = ALIGNMENT_SECTORS;
    private static final long MIB = 1024 * 1024;

    /** Places a boot partition of {@code bootBytes} (a whole number of MiB) in an image of {@code imageBytes}. */
    public static DiskLayout of(long bootBytes, long imageBytes) {
        if (imageBytes <= 0 || Long.bitCount(imageBytes) != 1) {
            throw new IllegalArgumentException("image size " + imageBytes + " bytes is not a power of two;"
                    + " choose e.g. " + Long.highestOneBit(Math.max(imageBytes, 1) * 2 - 1)
                    + " (QEMU's raspi machines refuse other SD card sizes)");
        }
        if (bootBytes <= 0 || bootBytes % MIB != 0) {
            throw new IllegalArgumentException("boot partition size " + bootBytes
                    + " bytes is not a positive whole number of MiB");
        }
        long diskSectors = imageBytes / MasterBootRecord.SECTOR_SIZE;
        Partition boot = new Partition(BOOT_START_LBA, bootBytes / MasterBootRecord.SECTOR_SIZE,
                Partition.TYPE_FAT32_LBA, true);
        if (boot.endLba() > diskSectors) {
            throw new IllegalArgumentException("boot partition of " + bootBytes / MIB + " MiB at 4 MiB does not"
                    + " fit an image of " + imageBytes / MIB + " MiB; make the image at least "
                    + Long.highestOneBit(boot.endLba() * MasterBootRecord.SECTOR_SIZE * 2 - 1) / MIB + " MiB");
        }
        long reservedStart = Math.min(diskSectors,
                (boot.endLba() + ALIGNMENT_SECTORS - 1) / ALIGNMENT_SECTORS * ALIGNMENT_SECTORS);
        return new DiskLayout(imageBytes, boot, reservedStart, diskSectors - reservedStart);
    }

    public long diskSectors() {
        return imageBytes / MasterBootRecord.SECTOR_SIZE;
    }

    /** Byte offset of the boot partition inside the image, where its filesystem is written. */
    public long bootOffset() {
        return boot.startLba() * MasterBootRecord.SECTOR_SIZE;
    }

    public long bootBytes() {
        return boot.sectors() * MasterBootRecord.SECTOR_SIZE;
    }

    /** The partition table with the boot partition only. */
    public MasterBootRecord mbr(int diskSignature) {
        return new MasterBootRecord(diskSignature, diskSectors(), List.of(boot));
    }

    /** The partition table with the boot partition and one partition of {@code type} filling the reserved area. */
    public MasterBootRecord mbrWithData(int diskSignature, int type) {
        if (reservedSectors == 0) {
            throw new IllegalStateException("no room for a data partition: the boot partition fills the "
                    + imageBytes / MIB + " MiB image; make the image larger");
        }
        return new MasterBootRecord(diskSignature, diskSectors(),
                List.of(boot, new Partition(reservedStartLba, reservedSectors, type, false)));
    }
}
