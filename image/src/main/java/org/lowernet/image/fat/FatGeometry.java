package org.lowernet.image.fat;

/**
 * Where the regions of a FAT32 filesystem lie, in sectors from its start (Microsoft FAT specification,
 * "fatgen103", section 3 "Boot Sector and BPB" and section 6 "FAT Type Determination").
 *
 * @param totalSectors sectors in the filesystem
 * @param sectorsPerCluster cluster size in sectors, as mkfs.fat (dosfstools 4.2) chooses it
 * @param fatSectors sectors of one FAT copy; padded so that the data region starts cluster-aligned
 * @param clusterCount number of data clusters, numbered 2..clusterCount+1
 */
record FatGeometry(long totalSectors, int sectorsPerCluster, long fatSectors, long clusterCount) {

    static final int SECTOR_SIZE = 512;
    static final int RESERVED_SECTORS = 32;
    static final int FAT_COUNT = 2;
    static final int FAT_ENTRY_SIZE = 4;
    static final int FIRST_CLUSTER = 2;
    /** Fewer clusters make a FAT16 by definition (fatgen103, section 6). */
    static final long MIN_CLUSTERS = 65525;
    /** Cluster numbers from 0x0FFFFFF7 on mean "bad" or "end of chain". */
    static final long MAX_CLUSTERS = 0x0FFF_FFF5L - FIRST_CLUSTER + 1;
    private static final long MIB = 1024 * 1024;

    static FatGeometry forSize(long sizeBytes) {
        long total = sizeBytes / SECTOR_SIZE;
        int perCluster = sectorsPerCluster(sizeBytes);
        // The smallest FAT that holds an entry for every cluster it leaves room for; start just below
        // the estimate (fatgen103, section 3.5) and grow: the need shrinks as the FAT grows.
        long fat = Math.max(1, (total - RESERVED_SECTORS) * FAT_ENTRY_SIZE
                / ((long) SECTOR_SIZE * perCluster + FAT_COUNT * FAT_ENTRY_SIZE) - 1);
        while (ceilDiv(((total - RESERVED_SECTORS - FAT_COUNT * fat) / perCluster + FIRST_CLUSTER) * FAT_ENTRY_SIZE,
                SECTOR_SIZE) > fat) {
            fat++;
        }
        while ((RESERVED_SECTORS + FAT_COUNT * fat) % perCluster != 0) {
            fat++; // a larger FAT is harmless; aligned clusters suit the SD card's flash pages
        }
        long clusters = Math.max(0, (total - RESERVED_SECTORS - FAT_COUNT * fat) / perCluster);
        if (clusters < MIN_CLUSTERS || clusters > MAX_CLUSTERS) {
            throw new IllegalArgumentException("a FAT32 filesystem of " + mib(sizeBytes) + " would have "
                    + clusters + " clusters of " + perCluster * SECTOR_SIZE + " bytes; FAT32 needs "
                    + MIN_CLUSTERS + ".." + MAX_CLUSTERS + ": make the partition at least 33 MiB"
                    + " and at most 2 TiB");
        }
        return new FatGeometry(total, perCluster, fat, clusters);
    }

    /** mkfs.fat's table for FAT32, after Microsoft's format command (fatgen103, section 3.5). */
    private static int sectorsPerCluster(long sizeBytes) {
        long mib = ceilDiv(sizeBytes, MIB);
        if (mib > 32 * 1024) {
            return 64;
        } else if (mib > 16 * 1024) {
            return 32;
        } else if (mib > 8 * 1024) {
            return 16;
        } else if (mib > 260) {
            return 8;
        }
        return 1;
    }

    int clusterBytes() {
        return sectorsPerCluster * SECTOR_SIZE;
    }

    long fatOffset(int copy) {
        return (RESERVED_SECTORS + copy * fatSectors) * SECTOR_SIZE;
    }

    long dataOffset() {
        return (RESERVED_SECTORS + FAT_COUNT * fatSectors) * SECTOR_SIZE;
    }

    /** Byte offset of {@code cluster} from the start of the filesystem. */
    long clusterOffset(long cluster) {
        return dataOffset() + (cluster - FIRST_CLUSTER) * clusterBytes();
    }

    long clustersFor(long bytes) {
        return ceilDiv(bytes, clusterBytes());
    }

    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** "128 MiB" for whole MiB, else one decimal: sizes in error messages people can compare. */
    static String mib(long bytes) {
        return bytes % MIB == 0 ? bytes / MIB + " MiB" : String.format(java.util.Locale.ROOT, "%.1f MiB",
                bytes / (double) MIB);
    }
}
