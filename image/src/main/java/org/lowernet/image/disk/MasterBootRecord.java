package org.lowernet.image.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * The first sector of a disk: a four-entry partition table, a disk signature and the boot signature.
 * Layout after the UEFI specification 2.10, section 5.2.1 "Legacy Master Boot Record".
 *
 * @param diskSignature the 32-bit "unique MBR disk signature"; Linux shows it as the PARTUUID prefix
 * @param diskSectors size of the whole disk in 512-byte sectors; every partition must end inside it
 * @param partitions up to four partitions, written to entries 1.. in the given order
 */
public record MasterBootRecord(int diskSignature, long diskSectors, List<Partition> partitions) {

    public static final int SECTOR_SIZE = 512;

    // Offsets inside the MBR sector (UEFI 2.10 table 5-1).
    static final int DISK_SIGNATURE_OFFSET = 440;
    static final int PARTITION_TABLE_OFFSET = 446;
    static final int PARTITION_ENTRY_SIZE = 16;
    static final int MAX_PARTITIONS = 4;
    static final int BOOT_SIGNATURE_OFFSET = 510;
    static final int BOOT_SIGNATURE = 0xAA55; // bytes 0x55, 0xAA in little-endian order

    // Offsets inside one partition entry (UEFI 2.10 table 5-2).
    static final int ENTRY_BOOT_INDICATOR = 0;
    static final int ENTRY_STARTING_CHS = 1;
    static final int ENTRY_OS_TYPE = 4;
    static final int ENTRY_ENDING_CHS = 5;
    static final int ENTRY_STARTING_LBA = 8;
    static final int ENTRY_SIZE_IN_LBA = 12;

    static final int BOOT_INDICATOR_ACTIVE = 0x80;
    /** CHS 1023/254/63: the conventional "use the LBA fields" value for both CHS fields. */
    static final byte[] CHS_LBA_ONLY = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF};

    public MasterBootRecord {
        partitions = List.copyOf(partitions);
        if (partitions.size() > MAX_PARTITIONS) {
            throw new IllegalArgumentException("an MBR holds at most " + MAX_PARTITIONS + " partitions, "
                    + partitions.size() + " were given: " + partitions);
        }
        for (int i = 0; i < partitions.size(); i++) {
            Partition p = partitions.get(i);
            if (p.endLba() > diskSectors) {
                throw new IllegalArgumentException("partition " + (i + 1) + " " + p + " ends at sector "
                        + p.endLba() + ", beyond the disk's " + diskSectors + " sectors; make the image larger");
            }
            for (int j = 0; j < i; j++) {
                if (p.overlaps(partitions.get(j))) {
                    throw new IllegalArgumentException("partition " + (i + 1) + " " + p
                            + " overlaps partition " + (j + 1) + " " + partitions.get(j));
                }
            }
        }
    }

    /** The 512 bytes of sector 0. */
    public byte[] encode() {
        ByteBuffer sector = ByteBuffer.allocate(SECTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        sector.putInt(DISK_SIGNATURE_OFFSET, diskSignature);
        for (int i = 0; i < partitions.size(); i++) {
            Partition p = partitions.get(i);
            int entry = PARTITION_TABLE_OFFSET + i * PARTITION_ENTRY_SIZE;
            sector.put(entry + ENTRY_BOOT_INDICATOR, (byte) (p.bootable() ? BOOT_INDICATOR_ACTIVE : 0));
            sector.put(entry + ENTRY_STARTING_CHS, CHS_LBA_ONLY);
            sector.put(entry + ENTRY_OS_TYPE, (byte) p.type());
            sector.put(entry + ENTRY_ENDING_CHS, CHS_LBA_ONLY);
            sector.putInt(entry + ENTRY_STARTING_LBA, (int) p.startLba());
            sector.putInt(entry + ENTRY_SIZE_IN_LBA, (int) p.sectors());
        }
        sector.putShort(BOOT_SIGNATURE_OFFSET, (short) BOOT_SIGNATURE);
        return sector.array();
    }

    /** Reads the partition table of an image (empty entries skipped); for tools that look into images. */
    public static MasterBootRecord read(FileChannel disk) throws IOException {
        ByteBuffer sector = ByteBuffer.allocate(SECTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        while (sector.hasRemaining() && disk.read(sector, sector.position()) > 0) {
            // keep reading until the sector is full or the file ends
        }
        if (sector.hasRemaining() || Short.toUnsignedInt(sector.getShort(BOOT_SIGNATURE_OFFSET)) != BOOT_SIGNATURE) {
            throw new IOException("not a disk image: sector 0 has no MBR boot signature 55 AA");
        }
        List<Partition> partitions = new java.util.ArrayList<>();
        for (int i = 0; i < MAX_PARTITIONS; i++) {
            int entry = PARTITION_TABLE_OFFSET + i * PARTITION_ENTRY_SIZE;
            int type = Byte.toUnsignedInt(sector.get(entry + ENTRY_OS_TYPE));
            if (type != 0) {
                partitions.add(new Partition(Integer.toUnsignedLong(sector.getInt(entry + ENTRY_STARTING_LBA)),
                        Integer.toUnsignedLong(sector.getInt(entry + ENTRY_SIZE_IN_LBA)), type,
                        Byte.toUnsignedInt(sector.get(entry + ENTRY_BOOT_INDICATOR)) == BOOT_INDICATOR_ACTIVE));
            }
        }
        return new MasterBootRecord(sector.getInt(DISK_SIGNATURE_OFFSET), disk.size() / SECTOR_SIZE, partitions);
    }

    /** Writes sector 0 of {@code disk}; the rest of the disk is left alone. */
    public void writeTo(FileChannel disk) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(encode());
        while (buffer.hasRemaining()) {
            disk.write(buffer, buffer.position());
        }
    }
}
