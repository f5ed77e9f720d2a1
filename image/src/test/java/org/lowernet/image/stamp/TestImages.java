package org.lowernet.image.stamp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.Random;
import org.lowernet.image.disk.DiskLayout;
import org.lowernet.image.fat.Fat32Writer;
import org.lowernet.image.fat.FatVolume;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;

/**
 * A small disk image shaped like lowernet's: MBR, FAT32 partition 1 at 4 MiB with boot files and a
 * lowernet.conf, the Linux data partition 2 after it (44 MiB to the end), and non-zero bytes outside
 * partition 1 (between MBR and partition, in partition 2, and in the last sector) so a test can see that
 * stamping copies them.
 */
final class TestImages {

    static final long MIB = 1024 * 1024;
    static final long IMAGE_BYTES = 64 * MIB;
    static final long PARTITION_OFFSET = 4 * MIB;
    static final long PARTITION_BYTES = 40 * MIB;
    static final int VOLUME_ID = 0x5EED1234;
    static final LocalDateTime EPOCH = LocalDateTime.of(2026, 1, 1, 0, 0);
    /** Like the default file: comments, commented-out examples, one active line with a trailing comment. */
    static final String CONFIG = """
            # lowernet.conf: the settings of this router.
            # The router's name.
            # node.name = infoshop-1
            # site = riverside
            lan.address = 10.42.0.1/24   # the LAN
            """;

    private TestImages() {
    }

    static Path write(Path file) throws IOException {
        return write(file, CONFIG);
    }

    static Path write(Path file, String config) throws IOException {
        FileTree tree = new FileTree()
                .file("config.txt", 0644, Content.of("arm_64bit=1\nkernel=vmlinuz\n"))
                .file("cmdline.txt", 0644, Content.of("console=ttyAMA0 net.ifnames=0\n"))
                .file("vmlinuz", 0644, Content.of(random(1_500_000, 1)))
                .file("overlays/disable-bt.dtbo", 0644, Content.of(random(1_500, 2)))
                .file("lowernet.conf", 0644, Content.of(config));
        DiskLayout layout = DiskLayout.of(PARTITION_BYTES, IMAGE_BYTES);
        try (FileChannel disk = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            layout.mbr(0x0BADF00D).writeTo(disk);
            new Fat32Writer(tree, new FatVolume(PARTITION_BYTES, VOLUME_ID, "LOWERNET", EPOCH))
                    .write(disk, PARTITION_OFFSET);
            disk.write(ByteBuffer.wrap(random(65_536, 3)), MIB);
            disk.write(ByteBuffer.wrap(random((int) MIB, 4)), 50 * MIB);
            disk.write(ByteBuffer.wrap(random(512, 5)), IMAGE_BYTES - 512);
        }
        return file;
    }

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
