package org.lowernet.image.disk;

import java.util.List;

/**
 * Where things go on the SD-card image: partition 1, the FAT boot partition at 4 MiB; partition 2, the
 * data partition (Linux, 0x83), from the next 4 MiB boundary after partition 1 to the image's last sector.
 * The image carries no filesystem in partition 2: the device formats it at its first boot (and grows it
 * to the card's end). Its first {@link #DATA_HEAD_BYTES} are zeros that a flash must write (see
 * {@link #dataHeadOffset()}), so that a card flashed over an old one shows no old filesystem there.
 *
 * @param imageBytes size of the whole image, a power of two (QEMU's raspi machines require it)
 * @param boot partition 1: FAT32 (LBA), bootable
 * @param data partition 2: Linux, not bootable, 4 MiB-aligned, ending at the image's last sector
 */
public record DiskLayout(long imageBytes, Partition boot, Partition data) {

    /** 4 MiB: the erase-block alignment SD cards favour, as Raspberry Pi OS images use too. */
    public static final long ALIGNMENT_SECTORS = 8192;
    public static final long BOOT_START_LBA = ALIGNMENT_SECTORS;
    private static final long MIB = 1024 * 1024;
    /**
     * The head of partition 2 that the image holds as zeros and a flash writes: 4 MiB covers the ext4
     * superblock (at 1 KiB) and every other filesystem signature blkid looks for at a partition's start
     * (e.g. btrfs at 64 KiB), so an old card's filesystem there is gone after flashing.
     */
    public static final long DATA_HEAD_BYTES = 4 * MIB;

    /** Places a boot partition of {@code bootBytes} (a whole number of MiB) and the data partition after it. */
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
        long dataStart = (boot.endLba() + ALIGNMENT_SECTORS - 1) / ALIGNMENT_SECTORS * ALIGNMENT_SECTORS;
        long dataHeadSectors = DATA_HEAD_BYTES / MasterBootRecord.SECTOR_SIZE;
        if (dataStart + dataHeadSectors > diskSectors) {
            long needed = (dataStart + dataHeadSectors) * MasterBootRecord.SECTOR_SIZE;
            throw new IllegalArgumentException("a boot partition of " + bootBytes / MIB + " MiB at 4 MiB and a data"
                    + " partition of at least " + DATA_HEAD_BYTES / MIB + " MiB do not fit an image of "
                    + imageBytes / MIB + " MiB; make the image at least "
                    + Long.highestOneBit(needed * 2 - 1) / MIB + " MiB");
        }
        Partition data = new Partition(dataStart, diskSectors - dataStart, Partition.TYPE_LINUX, false);
        return new DiskLayout(imageBytes, boot, data);
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

    /** Byte offset of partition 2; its first {@link #DATA_HEAD_BYTES} from here are zeros a flash must write. */
    public long dataHeadOffset() {
        return data.startLba() * MasterBootRecord.SECTOR_SIZE;
    }

    /** The partition table: boot partition as entry 1, data partition as entry 2. */
    public MasterBootRecord mbr(int diskSignature) {
        return new MasterBootRecord(diskSignature, diskSectors(), List.of(boot, data));
    }
}
