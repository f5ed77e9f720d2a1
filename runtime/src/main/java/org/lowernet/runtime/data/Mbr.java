package org.lowernet.runtime.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.HexFormat;

/**
 * Grows partition 2's entry in a disk's MBR to the disk's end, and nothing else: sector 0 is read, the
 * 16-byte entry's ending CHS and sector count are changed, and only those bytes are written back, so the
 * boot code, the disk signature and the other entries stay as they were. Refused (with what was found) when
 * sector 0 is no MBR, partition 2 is not a Linux partition (0x83) or another partition lies after it.
 * Idempotent: a partition already at the end (or beyond the 32-bit limit) is left alone.
 */
public final class Mbr {

    /** The MBR's sector size (a disk's sector 0 is read as 512 bytes whatever its logical sector size). */
    static final int SECTOR_SIZE = 512;
    /** The first of the four 16-byte partition entries. */
    static final int PARTITION_TABLE = 446;
    static final int ENTRY_SIZE = 16;
    static final int ENTRIES = 4;
    /** 0x55 0xAA at bytes 510 and 511. */
    static final int SIGNATURE_OFFSET = 510;
    static final int SIGNATURE = 0xAA55;

    /** Entry fields, as offsets into the 16-byte entry. */
    static final int ENTRY_STATUS = 0;
    static final int ENTRY_STARTING_CHS = 1;
    static final int ENTRY_TYPE = 4;
    static final int ENTRY_ENDING_CHS = 5;
    static final int ENTRY_FIRST_LBA = 8;
    static final int ENTRY_SECTORS = 12;

    /** The partition type of a Linux filesystem. */
    static final int TYPE_LINUX = 0x83;
    /** CHS 1023/254/63: "use the LBA fields", as the image builder writes it. */
    static final byte[] CHS_LBA_ONLY = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF};
    /** The largest sector count an entry holds (2 TiB of 512-byte sectors). */
    static final long MAX_SECTORS = 0xFFFF_FFFFL;

    private Mbr() {
    }

    /**
     * What growing did.
     *
     * @param start      partition 2's first sector (unchanged)
     * @param oldSectors its size before
     * @param newSectors its size after (the same when nothing changed)
     */
    public record Growth(long start, long oldSectors, long newSectors) {

        public boolean grew() {
            return newSectors != oldSectors;
        }
    }

    /**
     * Grows partition {@code number}'s entry of the MBR on {@code disk} to end at sector {@code diskSectors}.
     *
     * @throws IOException when sector 0 cannot be read or written, or the table is not one this may change
     */
    public static Growth growToEnd(FileChannel disk, int number, long diskSectors) throws IOException {
        if (number < 1 || number > ENTRIES) {
            throw new IllegalArgumentException("an MBR has partitions 1 to 4, not " + number);
        }
        ByteBuffer sector = ByteBuffer.allocate(SECTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        while (sector.hasRemaining()) {
            if (disk.read(sector, sector.position()) < 0) {
                throw new IOException("the disk is shorter than one sector: no MBR to grow partition " + number + " in");
            }
        }
        int signature = Short.toUnsignedInt(sector.getShort(SIGNATURE_OFFSET));
        if (signature != SIGNATURE) {
            throw new IOException("sector 0 has no MBR signature (bytes 510-511 are "
                    + HexFormat.of().formatHex(sector.array(), SIGNATURE_OFFSET, SIGNATURE_OFFSET + 2)
                    + ", not 55aa); not touching it");
        }
        int entry = PARTITION_TABLE + (number - 1) * ENTRY_SIZE;
        int type = Byte.toUnsignedInt(sector.get(entry + ENTRY_TYPE));
        if (type != TYPE_LINUX) {
            throw new IOException(String.format("partition %d is of type 0x%02x, not a Linux partition (0x83); "
                    + "not growing it", number, type));
        }
        long start = Integer.toUnsignedLong(sector.getInt(entry + ENTRY_FIRST_LBA));
        long sectors = Integer.toUnsignedLong(sector.getInt(entry + ENTRY_SECTORS));
        for (int other = 1; other <= ENTRIES; other++) {
            int at = PARTITION_TABLE + (other - 1) * ENTRY_SIZE;
            long otherStart = Integer.toUnsignedLong(sector.getInt(at + ENTRY_FIRST_LBA));
            if (other != number && sector.get(at + ENTRY_TYPE) != 0 && otherStart >= start) {
                throw new IOException(String.format("partition %d (type 0x%02x, from sector %d) lies after "
                        + "partition %d (from sector %d): only the last partition may grow; not growing it",
                        other, Byte.toUnsignedInt(sector.get(at + ENTRY_TYPE)), otherStart, number, start));
            }
        }
        if (start >= diskSectors) {
            throw new IOException("partition " + number + " starts at sector " + start + ", beyond the disk's "
                    + diskSectors + " sectors");
        }
        long wanted = Math.min(diskSectors - start, MAX_SECTORS);
        if (wanted <= sectors) {
            return new Growth(start, sectors, sectors);
        }
        ByteBuffer changed = ByteBuffer.allocate(ENTRY_SIZE - ENTRY_ENDING_CHS).order(ByteOrder.LITTLE_ENDIAN);
        changed.put(CHS_LBA_ONLY);
        changed.putInt(ENTRY_FIRST_LBA - ENTRY_ENDING_CHS, (int) start);
        changed.putInt(ENTRY_SECTORS - ENTRY_ENDING_CHS, (int) wanted);
        changed.rewind();
        while (changed.hasRemaining()) {
            disk.write(changed, entry + ENTRY_ENDING_CHS + changed.position());
        }
        disk.force(true);
        return new Growth(start, sectors, wanted);
    }
}
