package org.lowernet.image.fat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;

/** Trees and volumes the FAT tests share. */
final class FatTrees {

    static final LocalDateTime EPOCH = LocalDateTime.of(2026, 1, 1, 12, 30, 44);
    static final long MIB = 1024 * 1024;

    private FatTrees() {
    }

    static FatVolume volume(long bytes) {
        return new FatVolume(bytes, 0x1234ABCD, "LOWERNET", EPOCH);
    }

    static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** What a Pi boot partition holds, plus the awkward cases: empty, one-cluster, nested, 300 entries. */
    static FileTree bootTree(int clusterBytes) {
        FileTree tree = new FileTree()
                .file("config.txt", 0644, Content.of("arm_64bit=1\nkernel=vmlinuz\ninitramfs initrd.img followkernel\n"))
                .file("cmdline.txt", 0644, Content.of("console=ttyS1,115200 net.ifnames=0\n"))
                .file("start.elf", 0644, Content.of(random(200_000, 1)))
                .file("bootcode.bin", 0644, Content.of(random(52_000, 2)))
                .file("fixup.dat", 0644, Content.of(random(7_000, 3)))
                .file("bcm2837-rpi-3-b.dtb", 0644, Content.of(random(30_000, 4)))
                .file("bcm2837-rpi-3-b-plus.dtb", 0644, Content.of(random(31_000, 5)))
                .file("README", 0644, Content.of("upper-case 8.3 name\n"))
                .file("empty.txt", 0644, Content.of(new byte[0]))
                .file("one-cluster.bin", 0644, Content.of(random(clusterBytes, 6)))
                .file("vmlinuz", 0644, Content.of(random(3 * 1024 * 1024 + 17, 7)))
                .file("overlays/disable-bt.dtbo", 0644, Content.of(random(1_500, 8)))
                .file("a/b/c/deep name with spaces.txt", 0644, Content.of("deep\n"))
                .file("Mixed Case Long Name.Text", 0644, Content.of("mixed\n"))
                .directory("emptydir", 0755);
        for (int i = 0; i < 300; i++) {
            tree.file(String.format("many/file%03d.bin", i), 0644, Content.of("file " + i + "\n"));
        }
        return tree;
    }

    static Path write(FileTree tree, FatVolume volume, Path file, long offset) throws IOException {
        return write(tree, volume, file, offset, List.of());
    }

    /** With the files in {@code last} given the last clusters. */
    static Path write(FileTree tree, FatVolume volume, Path file, long offset, List<String> last) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            new Fat32Writer(tree, volume, last).write(channel, offset);
            // Free clusters are not written: extend the file to the whole filesystem, as an image is.
            if (channel.size() < offset + volume.sizeBytes()) {
                channel.write(java.nio.ByteBuffer.allocate(1), offset + volume.sizeBytes() - 1);
            }
        }
        return file;
    }
}
