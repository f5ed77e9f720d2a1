package org.lowernet.image.fat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lowernet.image.fat.FatTrees.MIB;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;
import org.lowernet.image.HostTools;

class Fat32WriterTest {

    @TempDir
    Path tmp;

    @Test
    void fsckAcceptsTheFilesystemAtOffsetZero() throws Exception {
        Path img = FatTrees.write(FatTrees.bootTree(512), FatTrees.volume(64 * MIB), tmp.resolve("fs.img"), 0);
        assertFsckClean(img);
    }

    @Test
    void fsckAcceptsLargeClustersToo() throws Exception {
        // 300 MiB: mkfs.fat's table gives 4 KiB clusters, and the FAT is padded to align the data region.
        Path img = FatTrees.write(FatTrees.bootTree(4096), FatTrees.volume(300 * MIB), tmp.resolve("fs.img"), 0);
        assertFsckClean(img);
        assertMtoolsReadsBack(FatTrees.bootTree(4096), img.toString());
    }

    @Test
    void mtoolsReadsEveryFileBackByteForByte() throws Exception {
        FileTree tree = FatTrees.bootTree(512);
        Path img = FatTrees.write(tree, FatTrees.volume(64 * MIB), tmp.resolve("fs.img"), 0);
        assertMtoolsReadsBack(tree, img.toString());

        HostTools.Result one = HostTools.run(List.of("mcopy", "-n", "-i", img.toString(), "::/config.txt", "-"));
        assertEquals(0, one.exitCode(), one.toString());
        assertArrayEquals(((Node.RegularFile) tree.get("config.txt").orElseThrow()).content().bytes(), one.stdout());

        HostTools.Result label = HostTools.run(List.of("mlabel", "-s", "-i", img.toString(), "::"));
        assertEquals(" Volume label is LOWERNET", label.out().lines().findFirst().orElseThrow().stripTrailing(), label.toString());
    }

    @Test
    void aFilesystemInsideADiskImageChecksOutAtItsOffset() throws Exception {
        FileTree tree = FatTrees.bootTree(512);
        long offset = 4 * MIB;
        Path disk = FatTrees.write(tree, FatTrees.volume(64 * MIB), tmp.resolve("disk.img"), offset);
        assertMtoolsReadsBack(tree, disk + "@@" + offset);

        Path partition = tmp.resolve("partition.img");
        try (RandomAccessFile in = new RandomAccessFile(disk.toFile(), "r");
                var out = Files.newOutputStream(partition)) {
            in.getChannel().transferTo(offset, 64 * MIB, java.nio.channels.Channels.newChannel(out));
        }
        assertFsckClean(partition);
        assertEquals(offset / 512, readLe32(partition, BootRecord.BPB_HIDD_SEC), "hidden sectors = partition LBA");
    }

    @Test
    void sameTreeInAnyInsertionOrderGivesIdenticalBytes() throws Exception {
        FileTree forward = FatTrees.bootTree(512);
        List<Map.Entry<String, Node>> entries = new ArrayList<>(forward.entries().entrySet());
        java.util.Collections.shuffle(entries, new java.util.Random(42));
        FileTree shuffled = new FileTree();
        entries.forEach(e -> shuffled.put(e.getKey(), e.getValue()));

        Path a = FatTrees.write(forward, FatTrees.volume(64 * MIB), tmp.resolve("a.img"), 0);
        Path b = FatTrees.write(forward, FatTrees.volume(64 * MIB), tmp.resolve("b.img"), 0);
        Path c = FatTrees.write(shuffled, FatTrees.volume(64 * MIB), tmp.resolve("c.img"), 0);
        assertEquals(-1, Files.mismatch(a, b));
        assertEquals(-1, Files.mismatch(a, c));
    }

    @Test
    void tooSmallAFilesystemIsRefusedBeforeWriting() throws Exception {
        Path big = tmp.resolve("big");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(45 * MIB); // sparse: the size is what counts
        }
        FileTree tree = new FileTree().file("initrd.img", 0644, Content.of(big));
        var e = assertThrows(IllegalArgumentException.class, () -> new Fat32Writer(tree, FatTrees.volume(40 * MIB)));
        assertTrue(e.getMessage().startsWith("FAT partition of 40 MiB is too small for 45 MiB of files"), e.getMessage());
        assertTrue(e.getMessage().endsWith("make the boot partition larger"), e.getMessage());
    }

    @Test
    void symlinksAndDevicesAreRefusedByPath() {
        FileTree link = new FileTree().symlink("overlays/latest", "disable-bt.dtbo");
        var e = assertThrows(IllegalArgumentException.class, () -> new Fat32Writer(link, FatTrees.volume(64 * MIB)));
        assertTrue(e.getMessage().startsWith("cannot put /overlays/latest on FAT: it is a Symlink"), e.getMessage());

        FileTree dev = new FileTree().put("dev/console", new Node.CharDevice(0600, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> new Fat32Writer(dev, FatTrees.volume(64 * MIB)));
    }

    @Test
    void filesystemsTooSmallForFat32AreRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Fat32Writer(new FileTree(), FatTrees.volume(32 * MIB)));
        assertTrue(e.getMessage().contains("make the partition at least 33 MiB"), e.getMessage());
    }

    /**
     * Two boot trees differing only in the initramfs's tail (it grows by three clusters): with the initramfs
     * named last, the volumes differ only in FSInfo's counts, the FATs, the initramfs's directory entry and
     * the initramfs's own tail; every other file keeps its clusters. In the tree's order (the control) the
     * files after it move.
     */
    @Test
    void aFileNamedLastChangesOnlyItsTailAndTheTables() throws Exception {
        byte[] head = FatTrees.random(300_000, 9);
        FileTree before = FatTrees.bootTree(512).file("initrd.img", 0644, Content.of(join(head, FatTrees.random(20_000, 10))));
        FileTree after = FatTrees.bootTree(512).file("initrd.img", 0644, Content.of(join(head, FatTrees.random(21_536, 11))));
        FatVolume volume = FatTrees.volume(64 * MIB);
        List<String> last = List.of("initrd.img");
        Path one = FatTrees.write(before, volume, tmp.resolve("before.img"), 0, last);
        Path two = FatTrees.write(after, volume, tmp.resolve("after.img"), 0, last);
        assertFsckClean(two);
        assertMtoolsReadsBack(after, two.toString());

        FatGeometry geometry = FatGeometry.forSize(volume.sizeBytes());
        long initrd = firstCluster(one, "initrd.img");
        assertEquals(initrd, firstCluster(two, "initrd.img"));
        try (FileChannel channel = FileChannel.open(one)) {
            for (FatReader.Entry e : new FatReader(channel, 0).list()) {
                assertTrue(e.path().equals("initrd.img") || e.firstCluster() < initrd, e.toString());
            }
        }
        byte[] a = Files.readAllBytes(one);
        byte[] b = Files.readAllBytes(two);
        long entry = indexOf(a, "INITRD  IMG".getBytes(StandardCharsets.US_ASCII));
        long tail = geometry.clusterOffset(initrd) + head.length / FatGeometry.SECTOR_SIZE * FatGeometry.SECTOR_SIZE;
        for (long sector : differingSectors(a, b)) {
            long at = sector * FatGeometry.SECTOR_SIZE;
            boolean fsInfo = sector == 1 || sector == 7; // BootRecord: FSInfo and its backup
            boolean fats = at >= geometry.fatOffset(0) && at < geometry.dataOffset();
            boolean dirEntry = sector == entry / FatGeometry.SECTOR_SIZE;
            assertTrue(fsInfo || fats || dirEntry || at >= tail, "sector " + sector + " changed");
        }

        Path controlBefore = FatTrees.write(before, volume, tmp.resolve("control-before.img"), 0, List.of());
        Path controlAfter = FatTrees.write(after, volume, tmp.resolve("control-after.img"), 0, List.of());
        assertEquals(firstCluster(controlBefore, "vmlinuz") + 3, firstCluster(controlAfter, "vmlinuz"),
                "in the tree's order the grown initrd.img moves vmlinuz by its three new clusters");
    }

    @Test
    void onlyFilesOfTheTreeCanBeNamedLast() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Fat32Writer(FatTrees.bootTree(512), FatTrees.volume(64 * MIB), List.of("overlays")));
        assertEquals("cannot place /overlays last on FAT: the tree has no such regular file; name only files of the"
                + " tree", e.getMessage());
    }

    private static byte[] join(byte[] head, byte[] tail) {
        byte[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private static long firstCluster(Path image, String path) throws IOException {
        try (FileChannel channel = FileChannel.open(image)) {
            return new FatReader(channel, 0).find(path).firstCluster();
        }
    }

    private static List<Long> differingSectors(byte[] a, byte[] b) {
        assertEquals(a.length, b.length);
        List<Long> sectors = new ArrayList<>();
        for (int at = 0; at < a.length; at += FatGeometry.SECTOR_SIZE) {
            if (!Arrays.equals(a, at, at + FatGeometry.SECTOR_SIZE, b, at, at + FatGeometry.SECTOR_SIZE)) {
                sectors.add((long) at / FatGeometry.SECTOR_SIZE);
            }
        }
        return sectors;
    }

    private static long indexOf(byte[] data, byte[] wanted) {
        for (int at = 0; at + wanted.length <= data.length; at++) {
            if (Arrays.equals(data, at, at + wanted.length, wanted, 0, wanted.length)) {
                return at;
            }
        }
        throw new AssertionError("not found: " + new String(wanted, StandardCharsets.US_ASCII));
    }

    static void assertFsckClean(Path img) throws Exception {
        HostTools.Result fsck = HostTools.run(List.of("fsck.fat", "-n", img.toString()));
        assertEquals(0, fsck.exitCode(), fsck.toString());
        List<String> lines = fsck.out().lines().toList();
        // A clean check prints the version banner and the summary line, nothing else.
        assertEquals(2, lines.size(), fsck.toString());
        assertTrue(lines.get(1).matches(".*: \\d+ files, \\d+/\\d+ clusters"), fsck.toString());
        assertEquals("", fsck.stderr(), fsck.toString());
    }

    /** mdir lists exactly the tree's paths; mcopy -s copies everything out, and every byte matches. */
    static void assertMtoolsReadsBack(FileTree tree, String image) throws Exception {
        HostTools.Result dir = HostTools.run(List.of("mdir", "-/", "-b", "-i", image, "::"));
        assertEquals(0, dir.exitCode(), dir.toString());
        TreeSet<String> listed = new TreeSet<>(dir.out().lines().map(l -> l.replaceFirst("^::/", "").replaceFirst("/$", ""))
                .filter(l -> !l.isEmpty()).toList());
        assertEquals(new TreeSet<>(tree.entries().keySet()), listed);

        Path out = Files.createTempDirectory("mcopy");
        HostTools.Result copy = HostTools.run(List.of("mcopy", "-s", "-n", "-m", "-i", image, "::*", out.toString()));
        assertEquals(0, copy.exitCode(), copy.toString());
        for (Map.Entry<String, Node> e : tree.entries().entrySet()) {
            Path copied = out.resolve(e.getKey());
            if (e.getValue() instanceof Node.RegularFile f) {
                assertArrayEquals(f.content().bytes(), Files.readAllBytes(copied), e.getKey());
            } else {
                assertTrue(Files.isDirectory(copied), e.getKey());
            }
        }
    }

    static long readLe32(Path file, int offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(offset);
            return Integer.reverseBytes(f.readInt()) & 0xFFFF_FFFFL;
        }
    }
}
