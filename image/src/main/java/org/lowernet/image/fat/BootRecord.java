package org.lowernet.image.fat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The reserved region of a FAT32 filesystem: boot sector with BPB (sector 0), FSInfo (sector 1) and
 * their backups (sectors 6 and 7); every other reserved sector is zero. Offsets from fatgen103,
 * section 3 "Boot Sector and BPB" and section 5 "FAT32 FSInfo Sector Structure".
 */
final class BootRecord {

    // BPB fields shared by all FAT types (fatgen103, section 3.1).
    static final int BS_JMP_BOOT = 0;
    static final int BS_OEM_NAME = 3;
    static final int BPB_BYTS_PER_SEC = 11;
    static final int BPB_SEC_PER_CLUS = 13;
    static final int BPB_RSVD_SEC_CNT = 14;
    static final int BPB_NUM_FATS = 16;
    static final int BPB_ROOT_ENT_CNT = 17;
    static final int BPB_TOT_SEC_16 = 19;
    static final int BPB_MEDIA = 21;
    static final int BPB_FAT_SZ_16 = 22;
    static final int BPB_SEC_PER_TRK = 24;
    static final int BPB_NUM_HEADS = 26;
    static final int BPB_HIDD_SEC = 28;
    static final int BPB_TOT_SEC_32 = 32;
    // FAT32 extension (fatgen103, section 3.3).
    static final int BPB_FAT_SZ_32 = 36;
    static final int BPB_EXT_FLAGS = 40;
    static final int BPB_FS_VER = 42;
    static final int BPB_ROOT_CLUS = 44;
    static final int BPB_FS_INFO = 48;
    static final int BPB_BK_BOOT_SEC = 50;
    static final int BS_DRV_NUM = 64;
    static final int BS_BOOT_SIG = 66;
    static final int BS_VOL_ID = 67;
    static final int BS_VOL_LAB = 71;
    static final int BS_FIL_SYS_TYPE = 82;
    static final int BOOT_CODE = 90;
    static final int SIGNATURE = 510;

    /** "jmp short 0x5A; nop": some readers check for 0xEB. The code there only halts. */
    private static final byte[] JUMP = {(byte) 0xEB, 0x58, (byte) 0x90};
    private static final byte[] HALT_LOOP = {(byte) 0xF4, (byte) 0xEB, (byte) 0xFD}; // hlt; jmp -3
    /** fatgen103 recommends this OEM name as the one most drivers expect. */
    private static final String OEM_NAME = "MSWIN4.1";
    static final int MEDIA_FIXED = 0xF8;
    /** Conventional LBA geometry; nothing reads it on an SD card. */
    private static final int SECTORS_PER_TRACK = 63;
    private static final int HEADS = 255;
    private static final int DRIVE_HARD_DISK = 0x80;
    private static final int EXTENDED_BOOT_SIGNATURE = 0x29;
    private static final String FS_TYPE = "FAT32   ";
    static final short BOOT_SIGNATURE = (short) 0xAA55;

    static final int FS_INFO_SECTOR = 1;
    static final int BACKUP_BOOT_SECTOR = 6;
    // FSInfo fields (fatgen103, section 5).
    static final int FSI_LEAD_SIG = 0;
    static final int FSI_STRUC_SIG = 484;
    static final int FSI_FREE_COUNT = 488;
    static final int FSI_NXT_FREE = 492;
    static final int FSI_TRAIL_SIG = 508;
    static final int LEAD_SIG = 0x41615252;
    static final int STRUC_SIG = 0x61417272;
    static final int TRAIL_SIG = 0xAA550000;
    static final int UNKNOWN = 0xFFFFFFFF;

    private BootRecord() {
    }

    /**
     * The whole reserved region.
     *
     * @param hiddenSectors sectors before this filesystem on its disk (BPB_HiddSec)
     * @param freeClusters exact number of free clusters, for FSInfo
     * @param nextFree first free cluster, or -1 when none is left
     */
    static ByteBuffer encode(FatGeometry g, FatVolume volume, long hiddenSectors, long freeClusters,
            long nextFree) {
        int sector = FatGeometry.SECTOR_SIZE;
        ByteBuffer region = ByteBuffer.allocate(FatGeometry.RESERVED_SECTORS * sector)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int copy : new int[] {0, BACKUP_BOOT_SECTOR}) {
            int boot = copy * sector;
            region.put(boot + BS_JMP_BOOT, JUMP);
            region.put(boot + BS_OEM_NAME, OEM_NAME.getBytes(StandardCharsets.US_ASCII));
            region.putShort(boot + BPB_BYTS_PER_SEC, (short) sector);
            region.put(boot + BPB_SEC_PER_CLUS, (byte) g.sectorsPerCluster());
            region.putShort(boot + BPB_RSVD_SEC_CNT, (short) FatGeometry.RESERVED_SECTORS);
            region.put(boot + BPB_NUM_FATS, (byte) FatGeometry.FAT_COUNT);
            // BPB_RootEntCnt, BPB_TotSec16 and BPB_FATSz16 stay 0: that is what marks FAT32.
            region.put(boot + BPB_MEDIA, (byte) MEDIA_FIXED);
            region.putShort(boot + BPB_SEC_PER_TRK, (short) SECTORS_PER_TRACK);
            region.putShort(boot + BPB_NUM_HEADS, (short) HEADS);
            region.putInt(boot + BPB_HIDD_SEC, (int) hiddenSectors);
            region.putInt(boot + BPB_TOT_SEC_32, (int) g.totalSectors());
            region.putInt(boot + BPB_FAT_SZ_32, (int) g.fatSectors());
            // BPB_ExtFlags 0: both FATs are mirrored and active. BPB_FSVer 0.0.
            region.putInt(boot + BPB_ROOT_CLUS, FatGeometry.FIRST_CLUSTER);
            region.putShort(boot + BPB_FS_INFO, (short) FS_INFO_SECTOR);
            region.putShort(boot + BPB_BK_BOOT_SEC, (short) BACKUP_BOOT_SECTOR);
            region.put(boot + BS_DRV_NUM, (byte) DRIVE_HARD_DISK);
            region.put(boot + BS_BOOT_SIG, (byte) EXTENDED_BOOT_SIGNATURE);
            region.putInt(boot + BS_VOL_ID, volume.volumeId());
            region.put(boot + BS_VOL_LAB, volume.labelBytes());
            region.put(boot + BS_FIL_SYS_TYPE, FS_TYPE.getBytes(StandardCharsets.US_ASCII));
            region.put(boot + BOOT_CODE, HALT_LOOP);
            region.putShort(boot + SIGNATURE, BOOT_SIGNATURE);

            int info = boot + FS_INFO_SECTOR * sector;
            region.putInt(info + FSI_LEAD_SIG, LEAD_SIG);
            region.putInt(info + FSI_STRUC_SIG, STRUC_SIG);
            region.putInt(info + FSI_FREE_COUNT, (int) freeClusters);
            region.putInt(info + FSI_NXT_FREE, nextFree < 0 ? UNKNOWN : (int) nextFree);
            region.putInt(info + FSI_TRAIL_SIG, TRAIL_SIG);
        }
        return region;
    }
}
