package org.lowernet.image.fat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lowernet.image.fat.FatTrees.MIB;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;
import org.lowernet.image.HostTools;

class FatReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsBackWhatTheWriterWrote() throws Exception {
        FileTree tree = FatTrees.bootTree(512);
        long offset = 4 * MIB;
        Path img = FatTrees.write(tree, FatTrees.volume(64 * MIB), tmp.resolve("disk.img"), offset);
        try (FileChannel channel = FileChannel.open(img)) {
            FatReader reader = new FatReader(channel, offset);
            Map<String, FatReader.Entry> listed = reader.list().stream()
                    .collect(Collectors.toMap(FatReader.Entry::path, e -> e, (a, b) -> a, TreeMap::new));
            assertEquals(tree.entries().keySet(), listed.keySet());
            for (Map.Entry<String, Node> e : tree.entries().entrySet()) {
                FatReader.Entry read = listed.get(e.getKey());
                assertEquals(FatTrees.EPOCH, read.written(), e.getKey());
                if (e.getValue() instanceof Node.RegularFile f) {
                    assertEquals(f.content().size(), read.size(), e.getKey());
                    assertArrayEquals(f.content().bytes(), reader.read(e.getKey()), e.getKey());
                } else {
                    assertTrue(read.directory(), e.getKey());
                }
            }
            // FAT names match without regard to case, as the Pi firmware matches them.
            assertArrayEquals(reader.read("config.txt"), reader.read("/CONFIG.TXT"));
            var missing = assertThrows(IOException.class, () -> reader.read("overlays/nope.dtbo"));
            assertEquals("no /overlays/nope.dtbo on FAT: /overlays/ has no entry \"nope.dtbo\"", missing.getMessage());
        }
    }

    @Test
    void readsWhatMkfsFatAndMcopyWroteIncludingAFragmentedFile() throws Exception {
        Path img = tmp.resolve("mkfs.img");
        run("mkfs.fat", "-F", "32", "-n", "OTHER", "-C", img.toString(), "40960");
        Path host = Files.createDirectories(tmp.resolve("host/sub/deeper"));
        Files.writeString(tmp.resolve("host/config.txt"), "arm_64bit=1\n");
        Files.writeString(tmp.resolve("host/README.TXT"), "upper\n");
        Files.write(tmp.resolve("host/A Long Name.dtb"), FatTrees.random(70_000, 9));
        Files.write(host.resolve("x.bin"), FatTrees.random(3_000, 10));
        run("mcopy", "-s", "-i", img.toString(), tmp.resolve("host/config.txt").toString(),
                tmp.resolve("host/README.TXT").toString(), tmp.resolve("host/A Long Name.dtb").toString(),
                tmp.resolve("host/sub").toString(), "::");
        // a.bin leaves a hole that the larger frag.bin starts in and must jump out of.
        Files.write(tmp.resolve("a.bin"), FatTrees.random(5_000, 11));
        Files.write(tmp.resolve("b.bin"), FatTrees.random(5_000, 12));
        Files.write(tmp.resolve("frag.bin"), FatTrees.random(60_000, 13));
        run("mcopy", "-i", img.toString(), tmp.resolve("a.bin").toString(), tmp.resolve("b.bin").toString(), "::");
        run("mdel", "-i", img.toString(), "::a.bin");
        try (FileChannel channel = FileChannel.open(img, java.nio.file.StandardOpenOption.WRITE)) {
            // FSInfo's next-free hint back to cluster 2, so that mcopy searches from the start and finds the hole.
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {2, 0, 0, 0}), 512 + BootRecord.FSI_NXT_FREE);
        }
        run("mcopy", "-i", img.toString(), tmp.resolve("frag.bin").toString(), "::"); // takes a.bin's entry too

        try (FileChannel channel = FileChannel.open(img)) {
            FatReader reader = new FatReader(channel, 0);
            assertEquals(List.of("config.txt", "README.TXT", "A Long Name.dtb", "sub", "sub/deeper",
                    "sub/deeper/x.bin", "frag.bin", "b.bin"), reader.list().stream().map(FatReader.Entry::path).toList());
            assertEquals("arm_64bit=1\n", new String(reader.read("config.txt")));
            assertArrayEquals(Files.readAllBytes(tmp.resolve("host/A Long Name.dtb")), reader.read("A Long Name.dtb"));
            assertArrayEquals(Files.readAllBytes(host.resolve("x.bin")), reader.read("sub/deeper/x.bin"));
            assertTrue(reader.find("frag.bin").firstCluster() < reader.find("b.bin").firstCluster(),
                    "frag.bin starts in a.bin's hole, so it is fragmented");
            assertArrayEquals(Files.readAllBytes(tmp.resolve("frag.bin")), reader.read("frag.bin"));
        }
    }

    @Test
    void refusesWhatIsNotFat32() throws Exception {
        Path img = tmp.resolve("zero.img");
        Files.write(img, new byte[4096]);
        try (FileChannel channel = FileChannel.open(img)) {
            var e = assertThrows(IOException.class, () -> new FatReader(channel, 0));
            assertTrue(e.getMessage().startsWith("no FAT32 filesystem at byte 0"), e.getMessage());
        }
    }

    private static void run(String... command) throws Exception {
        HostTools.Result r = HostTools.run(List.of(command));
        assertEquals(0, r.exitCode(), r.toString());
    }
}
