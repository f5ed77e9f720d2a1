package org.lowernet.image.disk;

/**
 * One entry of an MBR partition table, in 512-byte sectors.
 *
 * @param startLba first sector of the partition, counted from the start of the disk
 * @param sectors number of sectors in the partition
 * @param type partition type byte, e.g. {@link #TYPE_FAT32_LBA}
 * @param bootable whether the entry carries the "active" flag
 */
public record Partition(long startLba, long sectors, int type, boolean bootable) {

    /** FAT32 addressed by LBA; what the Pi firmware looks for in partition 1. */
    public static final int TYPE_FAT32_LBA = 0x0C;
    /** Linux native filesystem. */
    public static final int TYPE_LINUX = 0x83;

    static final long MAX_32_BIT = 0xFFFF_FFFFL;

    public Partition {
        if (startLba < 1 || startLba > MAX_32_BIT) {
            throw new IllegalArgumentException("partition start LBA " + startLba
                    + " is outside 1.." + MAX_32_BIT + " (sector 0 holds the MBR; MBR fields are 32-bit)");
        }
        if (sectors < 1 || sectors > MAX_32_BIT) {
            throw new IllegalArgumentException("partition at LBA " + startLba + " has " + sectors
                    + " sectors; an MBR entry holds 1.." + MAX_32_BIT);
        }
        if (type < 1 || type > 0xFF) {
            throw new IllegalArgumentException("partition at LBA " + startLba + " has type " + type
                    + "; a type is one non-zero byte (0 marks an unused entry)");
        }
    }

    /** The first sector after this partition. */
    public long endLba() {
        return startLba + sectors;
    }

    public boolean overlaps(Partition other) {
        return startLba < other.endLba() && other.startLba < endLba();
    }
}
