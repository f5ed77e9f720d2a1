package org.lowernet.image.stamp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lowernet.image.disk.MasterBootRecord;
import org.lowernet.image.disk.Partition;
import org.lowernet.image.fat.FatReader;
import org.lowernet.image.fat.FatVolume;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;

/**
 * The image a stamp starts from, read once: its size, its FAT boot partition (MBR entry 1), that
 * filesystem's identity (size, volume id, label, timestamp, so the rewrite keeps them) and every file on
 * it, held in memory (about 100 MiB for a lowernet image).
 *
 * @param path      the image file
 * @param size      its size in bytes
 * @param partition partition 1, where the FAT filesystem lies
 * @param volume    the filesystem's size, volume id and label from its boot sector; as timestamp the write
 *                  time of its lowernet.conf (the build epoch in a lowernet image), else of its newest entry
 * @param files     every file and directory of the filesystem
 * @param config    the bytes of its top-level lowernet.conf, if it has one
 */
public record BootImage(Path path, long size, Partition partition, FatVolume volume, FileTree files,
                        Optional<byte[]> config) {

    public static final String CONFIG = "lowernet.conf";

    // FAT32 boot sector fields (fatgen103, section 3.1 and 3.3 "FAT32 Structure Starting at Offset 36").
    static final int BPB_BYTS_PER_SEC = 11;
    static final int BPB_TOT_SEC_32 = 32;
    static final int BS_VOL_ID = 67;
    static final int BS_VOL_LAB = 71;
    static final int VOLUME_LABEL_LENGTH = 11;
    /** MBR partition types for FAT32 (CHS and LBA addressed); the Pi firmware reads either in entry 1. */
    static final List<Integer> FAT32_TYPES = List.of(0x0B, Partition.TYPE_FAT32_LBA);
    private static final LocalDateTime FAT_EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    /** Reads {@code image}; fails with what is wrong when it is not an MBR disk with FAT32 in partition 1. */
    public static BootImage read(Path image) throws IOException {
        try (FileChannel channel = FileChannel.open(image)) {
            MasterBootRecord mbr = MasterBootRecord.read(channel);
            if (mbr.partitions().isEmpty() || !FAT32_TYPES.contains(mbr.partitions().getFirst().type())) {
                throw new IOException(image + " has no FAT32 partition 1 (partition table: " + mbr.partitions()
                        + "); is it a lowernet image?");
            }
            Partition partition = mbr.partitions().getFirst();
            long offset = partition.startLba() * MasterBootRecord.SECTOR_SIZE;
            ByteBuffer boot = ByteBuffer.allocate(MasterBootRecord.SECTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            while (boot.hasRemaining() && channel.read(boot, offset + boot.position()) > 0) {
                // a FileChannel may return fewer bytes than asked; the FatReader below reports a short image
            }
            long sectorSize = Short.toUnsignedLong(boot.getShort(BPB_BYTS_PER_SEC));
            long fsBytes = Integer.toUnsignedLong(boot.getInt(BPB_TOT_SEC_32)) * sectorSize;
            if (sectorSize != MasterBootRecord.SECTOR_SIZE || fsBytes > partition.sectors() * sectorSize) {
                throw new IOException("the FAT filesystem in partition 1 of " + image + " has " + sectorSize
                        + "-byte sectors and " + fsBytes + " bytes, partition 1 has " + partition.sectors()
                        * MasterBootRecord.SECTOR_SIZE + "; stamping needs 512-byte sectors and a filesystem"
                        + " inside its partition");
            }
            byte[] label = new byte[VOLUME_LABEL_LENGTH];
            boot.get(BS_VOL_LAB, label);
            FatReader reader = new FatReader(channel, offset);
            List<FatReader.Entry> entries = reader.list();
            FileTree files = new FileTree();
            Optional<byte[]> config = Optional.empty();
            for (FatReader.Entry e : entries) {
                if (e.directory()) {
                    files.directory(e.path(), 0755);
                } else {
                    byte[] bytes = reader.read(e.path());
                    // Held once and shared by every node's tree: no copy per node.
                    files.file(e.path(), 0644, new Content.InMemory(bytes));
                    if (isConfig(e)) {
                        config = Optional.of(bytes);
                    }
                }
            }
            LocalDateTime timestamp = entries.stream().filter(BootImage::isConfig).findFirst()
                    .or(() -> entries.stream().max(Comparator.comparing(FatReader.Entry::written)))
                    .map(FatReader.Entry::written).orElse(FAT_EPOCH);
            FatVolume volume = new FatVolume(fsBytes, boot.getInt(BS_VOL_ID),
                    new String(label, StandardCharsets.US_ASCII).stripTrailing(), timestamp);
            return new BootImage(image, channel.size(), partition, volume, files, config);
        }
    }

    /** Byte offset of the FAT partition in the image. */
    public long partitionOffset() {
        return partition.startLba() * MasterBootRecord.SECTOR_SIZE;
    }

    /** The first byte after the FAT partition. */
    public long partitionEnd() {
        return partition.endLba() * MasterBootRecord.SECTOR_SIZE;
    }

    private static boolean isConfig(FatReader.Entry e) {
        return !e.directory() && e.path().toLowerCase(Locale.ROOT).equals(CONFIG);
    }
}
