package org.lowernet.image.squashfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/** squashfs-tools' unsquashfs judges what the writer makes: its superblock, every entry's kind, mode and bytes. */
class SquashfsWriterTest {

    private static final long EPOCH = 1_700_000_000L;

    @TempDir
    Path dir;

    /** Empty, one-byte, one-block, multi-block (compressible and not) files, links, a device, a big directory. */
    private static FileTree base() {
        byte[] text = new byte[300_000];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) "lowernet routes the block ".charAt(i % 26);
        }
        byte[] noise = new byte[2 * SquashfsWriter.BLOCK_SIZE];
        new Random(7).nextBytes(noise);
        FileTree tree = new FileTree()
                .file("etc/empty", 0644, Content.of(new byte[0]))
                .file("etc/one", 0600, Content.of("x"))
                .file("usr/lib/text.so", 0755, Content.of(text))
                .file("usr/lib/noise.bin", 0644, Content.of(noise))
                .file("usr/lib/block", 0644, Content.of(new byte[SquashfsWriter.BLOCK_SIZE]))
                .file("usr/bin/su", 04755, Content.of("setuid"))
                .symlink("bin", "usr/bin")
                .put("dev/console", new Node.CharDevice(0600, 5, 1))
                .put("dev/big-minor", new Node.CharDevice(0600, 10, 300))
                .directory("var/empty", 0700);
        // 700 applets: several directory headers, a listing over more than one 8 KiB metadata block.
        for (int i = 0; i < 700; i++) {
            tree.symlink("usr/bin/applet-with-a-long-name-" + i, "../../bin/busybox");
        }
        return tree;
    }

    private static FileTree runtime(String jar) {
        return new FileTree().directory("opt", 0755).file("opt/lowernet/lib/runtime.jar", 0644, Content.of(jar));
    }

    private static FileTree whole(FileTree... layers) {
        FileTree whole = new FileTree();
        for (FileTree layer : layers) {
            layer.entries().forEach(whole::put);
        }
        return whole;
    }

    private SquashfsWriter.PackedLayer pack(FileTree layer, String name) throws IOException {
        Path data = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(data)) {
            return new SquashfsWriter.PackedLayer(data, DataLayer.pack(layer, out));
        }
    }

    private Path write(String name, FileTree base, FileTree runtime) throws IOException {
        Path file = dir.resolve(name);
        SquashfsWriter.write(whole(base, runtime), List.of(pack(base, name + ".base"), pack(runtime, name + ".rt")),
                EPOCH, file);
        return file;
    }

    @Test
    void unsquashfsReadsBackEveryEntry() throws Exception {
        HostTools.require("unsquashfs");
        FileTree base = base();
        FileTree runtime = runtime("the runtime");
        Path file = write("system", base, runtime);

        assertEquals(0, Files.size(file) % 4096, "padded to 4 KiB");
        HostTools.Result stats = HostTools.run(List.of("unsquashfs", "-s", file.toString()));
        assertEquals(0, stats.exitCode(), stats.toString());
        assertTrue(stats.out().contains("Compression zstd"), stats.out());
        assertTrue(stats.out().contains("Block size 1048576"), stats.out());
        FileTree whole = whole(base, runtime);
        assertTrue(stats.out().contains("Number of inodes " + (whole.size() + 1)), stats.out());

        // -lln: "drwxr-xr-x 0/0 size date time squashfs-root/path[ -> target]", one line an entry.
        HostTools.Result listing = HostTools.run(List.of("unsquashfs", "-lln", "-d", "", file.toString()));
        assertEquals(0, listing.exitCode(), listing.toString());
        TreeSet<String> listed = new TreeSet<>();
        Pattern line = Pattern.compile("(\\S+) 0/0 +(\\d+|\\d+, *\\d+) \\S+ \\S+ ?/?(.*)");
        for (String text : listing.out().lines().toList()) {
            Matcher m = line.matcher(text.trim());
            assertTrue(m.matches(), "an unexpected line from unsquashfs -lln: " + text);
            listed.add(m.group(1) + " " + (m.group(1).startsWith("c") ? "" : m.group(2) + " ") + m.group(3));
        }
        TreeSet<String> expected = new TreeSet<>();
        expected.add("drwxr-xr-x 0 "); // the root, listed with an empty path after -d ""
        whole.entries().forEach((path, node) -> expected.add(switch (node) {
            case Node.Directory d -> "d" + perms(d.mode()) + " 0 " + path;
            case Node.RegularFile f -> "-" + perms(f.mode()) + " " + f.content().size() + " " + path;
            case Node.Symlink s -> "lrwxrwxrwx " + s.target().length() + " " + path + " -> " + s.target();
            case Node.CharDevice c -> "c" + perms(c.mode()) + " " + path;
        }));
        // unsquashfs prints a directory's size as what the inode says, not 0: compare directories by name only.
        List<String> missing = new ArrayList<>(strip(expected));
        missing.removeAll(strip(listed));
        List<String> extra = new ArrayList<>(strip(listed));
        extra.removeAll(strip(expected));
        assertEquals(List.of(), missing, "entries unsquashfs did not list as written; it listed instead: " + extra
                + "\n(its first lines: " + listing.out().lines().limit(5).toList() + ")");
        assertEquals(List.of(), extra, "entries unsquashfs listed that were not written");

        Path out = dir.resolve("out");
        HostTools.Result unpack = HostTools.run(List.of("unsquashfs", "-q", "-n", "-d", out.toString(), file.toString()));
        assertEquals(0, unpack.exitCode(), unpack.toString());
        for (var entry : whole.entries().entrySet()) {
            if (entry.getValue() instanceof Node.RegularFile f) {
                assertArrayEquals(f.content().bytes(), Files.readAllBytes(out.resolve(entry.getKey())), entry.getKey());
            }
        }
        assertEquals("5,1", HostTools.sh(out, "stat -c '%t,%T' dev/console").trim());
        assertEquals("a,12c", HostTools.sh(out, "stat -c '%t,%T' dev/big-minor").trim(), "minor 300 = 0x12c");
    }

    private static String perms(int mode) {
        StringBuilder s = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int bit = 0; bit < 9; bit++) {
            s.append((mode & (0400 >> bit)) != 0 ? letters.charAt(bit) : '-');
        }
        if ((mode & 04000) != 0) {
            s.setCharAt(2, s.charAt(2) == 'x' ? 's' : 'S');
        }
        return s.toString();
    }

    private static List<String> strip(TreeSet<String> lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.startsWith("d") ? line.replaceFirst(" \\d+ ", " ") : line);
        }
        return out;
    }

    @Test
    void equalInputGivesEqualBytesAndAnUnchangedLayerKeepsItsPlace() throws IOException {
        byte[] first = Files.readAllBytes(write("a", base(), runtime("runtime 1")));
        byte[] again = Files.readAllBytes(write("b", base(), runtime("runtime 1")));
        byte[] changed = Files.readAllBytes(write("c", base(), runtime("runtime 2, longer")));

        assertArrayEquals(first, again);
        long baseEnd = 96 + Files.size(dir.resolve("a.base"));
        for (int i = 96; i < baseEnd; i++) {
            if (first[i] != changed[i]) {
                throw new AssertionError("the base layer's byte " + i + " moved with a runtime change");
            }
        }
    }

    @Test
    void aLayerKeptByItsIndexIsPlacedAsPackedAndABrokenIndexIsRefused() throws IOException {
        SquashfsWriter.PackedLayer packed = pack(base(), "base");
        DataLayer read = DataLayer.fromIndex(packed.layout().index());
        assertEquals(packed.layout().files(), read.files());
        assertEquals(packed.layout().length(), read.length());

        byte[] index = packed.layout().index();
        index[index.length - 1] ^= 1; // the last block's size word
        IOException broken = assertThrows(IOException.class, () -> DataLayer.fromIndex(index));
        assertTrue(broken.getMessage().contains("do not add up"), broken.getMessage());
    }

    @Test
    void aFileInNoLayerIsRefused() throws IOException {
        FileTree base = base();
        SquashfsWriter.PackedLayer packed = pack(base, "base");
        FileTree more = whole(base, runtime("x"));
        IOException e = assertThrows(IOException.class,
                () -> SquashfsWriter.write(more, List.of(packed), EPOCH, dir.resolve("fs")));
        assertTrue(e.getMessage().contains("opt/lowernet/lib/runtime.jar is in no packed layer"), e.getMessage());
    }
}
