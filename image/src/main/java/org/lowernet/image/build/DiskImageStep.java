package org.lowernet.image.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.lowernet.image.disk.DiskLayout;
import org.lowernet.image.disk.MasterBootRecord;
import org.lowernet.image.fat.Fat32Writer;
import org.lowernet.image.fat.FatVolume;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;
import org.lowernet.runtime.hash.Sha256;

/**
 * Writes the SD-card image: MBR, the FAT32 boot partition at 4 MiB, and the data partition after it,
 * left all zeros (the device makes its filesystem at first boot). The disk signature and volume id come
 * from a hash of the boot files: same inputs, same bytes.
 */
final class DiskImageStep {

    /** The image file and where its partitions are. */
    record DiskImage(Path path, DiskLayout layout) {
    }

    static final long BOOT_BYTES = 128L << 20;
    static final long IMAGE_BYTES = 256L << 20;
    static final String LABEL = "LOWERNET";

    private final FileTree boot;
    private final Instant epoch;
    private final Path partial;

    /** @param partial where the image is written; the caller renames it once everything succeeded */
    DiskImageStep(FileTree boot, Instant epoch, Path partial) {
        this.boot = boot;
        this.epoch = epoch;
        this.partial = partial;
    }

    Progress.Done<DiskImage> run() throws IOException {
        DiskLayout layout = DiskLayout.of(BOOT_BYTES, IMAGE_BYTES);
        byte[] id = contentHash(boot);
        int diskSignature = Byte.toUnsignedInt(id[0]) << 24 | Byte.toUnsignedInt(id[1]) << 16
                | Byte.toUnsignedInt(id[2]) << 8 | Byte.toUnsignedInt(id[3]);
        int volumeId = Byte.toUnsignedInt(id[4]) << 24 | Byte.toUnsignedInt(id[5]) << 16
                | Byte.toUnsignedInt(id[6]) << 8 | Byte.toUnsignedInt(id[7]);
        FatVolume volume = new FatVolume(layout.bootBytes(), volumeId, LABEL,
                LocalDateTime.ofInstant(epoch, ZoneOffset.UTC));
        // The system goes last: a change to the runtime changes only its tail, so every other file and the
        // system's cached base layer at its head keep their offsets in the image (the release's block cache
        // compresses only the blocks that changed), and a larger system takes free clusters, moving nothing.
        Fat32Writer fat = new Fat32Writer(boot, volume, List.of(BootPartitionStep.SYSTEM_A));
        Files.deleteIfExists(partial);
        try (FileChannel disk = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            layout.mbr(diskSignature).writeTo(disk);
            fat.write(disk, layout.bootOffset());
            // Partition 2 is not written: a new file reads as zeros, so its head holds no filesystem.
            // Full length, so the file is the image's size even where its tail is empty.
            disk.truncate(IMAGE_BYTES);
            if (disk.size() < IMAGE_BYTES) {
                disk.write(java.nio.ByteBuffer.allocate(1), IMAGE_BYTES - 1);
            }
        }
        long free = fat.freeClusters() * fat.clusterBytes();
        return Progress.Done.made(new DiskImage(partial, layout), Progress.mib(IMAGE_BYTES) + " image, boot partition "
                + Progress.mib(layout.bootBytes()) + " with " + Progress.mib(free) + " free, data partition "
                + Progress.mib(layout.data().sectors() * MasterBootRecord.SECTOR_SIZE) + " (formatted on the device)");
    }

    /** SHA-256 over every boot file's name and bytes, in the tree's order. */
    static byte[] contentHash(FileTree tree) throws IOException {
        MessageDigest sha = Sha256.digest();
        for (Map.Entry<String, Node> entry : tree.entries().entrySet()) {
            sha.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            if (entry.getValue() instanceof Node.RegularFile file) {
                try (InputStream in = file.content().open()) {
                    Sha256.update(sha, in);
                }
            }
        }
        return sha.digest();
    }
}
