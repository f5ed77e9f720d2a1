package org.lowernet.image.fat;

import java.nio.ByteBuffer;
import java.time.LocalDateTime;

/**
 * The 32-byte directory entries of FAT (fatgen103, section 6 "Directory Structure" and section 7
 * "Long File Name Implementation"): encoding for the writer, offsets and flags for the reader.
 * Buffers are little-endian and positioned at the entry.
 */
final class DirectoryEntry {

    static final int SIZE = 32;
    /** A directory may hold at most 65536 entries (fatgen103, section 6). */
    static final int MAX_ENTRIES = 65536;

    // Short entry fields (fatgen103, section 6).
    static final int NAME = 0;
    static final int NAME_LENGTH = 11;
    static final int ATTR = 11;
    static final int NT_RES = 12;
    static final int CRT_TIME_TENTH = 13;
    static final int CRT_TIME = 14;
    static final int CRT_DATE = 16;
    static final int LST_ACC_DATE = 18;
    static final int FST_CLUS_HI = 20;
    static final int WRT_TIME = 22;
    static final int WRT_DATE = 24;
    static final int FST_CLUS_LO = 26;
    static final int FILE_SIZE = 28;

    static final int ATTR_VOLUME_ID = 0x08;
    static final int ATTR_DIRECTORY = 0x10;
    static final int ATTR_ARCHIVE = 0x20;
    /** READ_ONLY | HIDDEN | SYSTEM | VOLUME_ID marks a long-name entry. */
    static final int ATTR_LONG_NAME = 0x0F;
    /** Windows NT's "base is lower case" and "extension is lower case" flags in NT_RES. */
    static final int NT_LOWER_BASE = 0x08;
    static final int NT_LOWER_EXT = 0x10;

    static final int FREE_MARK = 0xE5;
    static final int END_MARK = 0x00;
    /** A short name starting with 0x05 stands for one starting with 0xE5. */
    static final int KANJI_E5 = 0x05;

    // Long-name entry fields (fatgen103, section 7).
    static final int LDIR_ORD = 0;
    static final int LDIR_NAME1 = 1;
    static final int LDIR_CHKSUM = 13;
    static final int LDIR_NAME2 = 14;
    static final int LDIR_NAME3 = 28;
    static final int LAST_LONG_ENTRY = 0x40;
    static final int CHARS_PER_LONG_ENTRY = 13;
    /** Where the 13 UTF-16 units of a long-name entry lie: 5 in NAME1, 6 in NAME2, 2 in NAME3. */
    static final int[] LONG_CHAR_OFFSETS = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};

    private DirectoryEntry() {
    }

    static int longEntries(String name) {
        return (name.length() + CHARS_PER_LONG_ENTRY - 1) / CHARS_PER_LONG_ENTRY;
    }

    /** Writes the long-name entries for {@code name}, last part first as they are stored on disk. */
    static void putLongName(ByteBuffer dir, String name, byte[] shortName) {
        int count = longEntries(name);
        byte checksum = (byte) ShortNames.checksum(shortName);
        for (int ord = count; ord >= 1; ord--) {
            int at = dir.position();
            dir.put(at + LDIR_ORD, (byte) (ord == count ? ord | LAST_LONG_ENTRY : ord));
            dir.put(at + ATTR, (byte) ATTR_LONG_NAME);
            dir.put(at + LDIR_CHKSUM, checksum);
            for (int i = 0; i < CHARS_PER_LONG_ENTRY; i++) {
                int index = (ord - 1) * CHARS_PER_LONG_ENTRY + i;
                // After the name: one 0x0000 terminator, then 0xFFFF padding.
                char c = index < name.length() ? name.charAt(index) : index == name.length() ? 0 : (char) 0xFFFF;
                dir.putChar(at + LONG_CHAR_OFFSETS[i], c);
            }
            dir.position(at + SIZE);
        }
    }

    /** Writes one short entry with every time field set to {@code time}. */
    static void putShort(ByteBuffer dir, byte[] shortName, int attr, long cluster, long size, LocalDateTime time) {
        int at = dir.position();
        dir.put(at + NAME, shortName);
        dir.put(at + ATTR, (byte) attr);
        dir.put(at + CRT_TIME_TENTH, (byte) ((time.getSecond() % 2) * 100 + time.getNano() / 10_000_000));
        dir.putShort(at + CRT_TIME, fatTime(time));
        dir.putShort(at + CRT_DATE, fatDate(time));
        dir.putShort(at + LST_ACC_DATE, fatDate(time));
        dir.putShort(at + FST_CLUS_HI, (short) (cluster >>> 16));
        dir.putShort(at + WRT_TIME, fatTime(time));
        dir.putShort(at + WRT_DATE, fatDate(time));
        dir.putShort(at + FST_CLUS_LO, (short) cluster);
        dir.putInt(at + FILE_SIZE, (int) size);
        dir.position(at + SIZE);
    }

    /** Bits 15-9 years since 1980, 8-5 month, 4-0 day (fatgen103, section 6.1). */
    static short fatDate(LocalDateTime t) {
        return (short) ((t.getYear() - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth());
    }

    /** Bits 15-11 hours, 10-5 minutes, 4-0 seconds/2 (fatgen103, section 6.1). */
    static short fatTime(LocalDateTime t) {
        return (short) (t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() / 2);
    }

    /** FAT's first day, standing in for a write date or time that no calendar has (e.g. month 0). */
    static final LocalDateTime FAT_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    /** The entry's last write time (WRT_DATE, WRT_TIME), 2-second resolution; {@link #FAT_EPOCH} if invalid. */
    static LocalDateTime written(ByteBuffer dir, int at) {
        int date = Short.toUnsignedInt(dir.getShort(at + WRT_DATE));
        int time = Short.toUnsignedInt(dir.getShort(at + WRT_TIME));
        int year = 1980 + (date >>> 9);
        int month = date >>> 5 & 0x0F;
        int day = date & 0x1F;
        int hour = time >>> 11;
        int minute = time >>> 5 & 0x3F;
        int second = (time & 0x1F) * 2;
        if (month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || hour > 23 || minute > 59 || second > 59) {
            return FAT_EPOCH;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second);
    }

    static long firstCluster(ByteBuffer dir, int at) {
        return (dir.getShort(at + FST_CLUS_HI) & 0xFFFFL) << 16 | (dir.getShort(at + FST_CLUS_LO) & 0xFFFFL);
    }
}
