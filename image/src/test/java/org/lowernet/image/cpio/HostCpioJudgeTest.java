package org.lowernet.image.cpio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;
import org.lowernet.image.HostTools;

/** GNU cpio and the zstd tool read what NewcWriter and ZstdCpio wrote. */
class HostCpioJudgeTest {

    @TempDir
    Path dir;

    private static FileTree sample() {
        byte[] binary = new byte[1001];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31);
        }
        return new FileTree()
                .directory("tmp", 01777)
                .file("usr/bin/busybox", 0755, Content.of(binary))
                .file("usr/bin/su", 04755, Content.of("su"))
                .symlink("bin", "usr/bin")
                .symlink("sbin/init", "../usr/bin/busybox")
                .file("etc/empty", 0600, Content.of(""))
                .file("etc/hostname", 0644, Content.of("lowernet\n"));
    }

    @Test
    void cpioListsEveryEntryWithModeAndLinkTarget() throws Exception {
        HostTools.require("cpio");
        FileTree tree = sample().put("dev/console", new Node.CharDevice(0600, 5, 1));
        Path archive = write(tree, "initrd.cpio");

        List<String> lines = HostTools.sh(dir, "cpio -itv --quiet < initrd.cpio").lines().toList();

        assertEquals(tree.size(), lines.size(), String.join("\n", lines));
        Map<String, String> expected = Map.of(
                "tmp", "drwxrwxrwt",
                "usr/bin/su", "-rwsr-xr-x",
                "usr/bin/busybox", "-rwxr-xr-x",
                "dev/console", "crw-------",
                "bin -> usr/bin", "lrwxrwxrwx",
                "sbin/init -> ../usr/bin/busybox", "lrwxrwxrwx");
        expected.forEach((name, mode) -> assertTrue(
                lines.stream().anyMatch(l -> l.startsWith(mode) && l.endsWith(" " + name)),
                name + " as " + mode + " in\n" + String.join("\n", lines)));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("crw") && l.contains("5,")
                && l.contains("1 ") && l.endsWith("dev/console")), String.join("\n", lines));
        assertTrue(Files.size(archive) % NewcWriter.ALIGNMENT == 0);
    }

    @Test
    void cpioExtractsContentModesAndSymlinks() throws Exception {
        HostTools.require("cpio");
        FileTree tree = sample();
        write(tree, "initrd.cpio");
        Path root = Files.createDirectory(dir.resolve("root"));

        HostTools.sh(root, "cpio -idm --quiet --no-absolute-filenames < ../initrd.cpio");

        for (Map.Entry<String, Node> e : tree.entries().entrySet()) {
            Path p = root.resolve(e.getKey());
            switch (e.getValue()) {
                case Node.Symlink s -> assertEquals(Path.of(s.target()), Files.readSymbolicLink(p));
                case Node.RegularFile f -> {
                    assertArrayEquals(f.content().bytes(), Files.readAllBytes(p), e.getKey());
                    assertEquals(f.mode(), mode(p), e.getKey());
                }
                case Node.Directory d -> assertEquals(d.mode(), mode(p), e.getKey());
                case Node.CharDevice c -> throw new AssertionError("not in this tree: " + c);
            }
        }
    }

    @Test
    void zstdVersionIsReadableAndDeterministic() throws Exception {
        HostTools.require("cpio");
        HostTools.require("zstd");
        Path first = zstd(dir.resolve("a.cpio.zst"), sample());
        Path second = zstd(dir.resolve("b.cpio.zst"), sample());

        List<String> names = HostTools.sh(dir, "zstd -dcq a.cpio.zst | cpio -it --quiet").lines().toList();

        assertEquals(List.copyOf(sample().entries().keySet()), names);
        byte[] bytes = Files.readAllBytes(first);
        // RFC 8878 section 3.1.1: a frame starts with the magic 0xFD2FB528, little-endian.
        assertArrayEquals(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, Arrays.copyOf(bytes, 4));
        assertArrayEquals(bytes, Files.readAllBytes(second));
    }

    /** Layers written one after another are frames the zstd tool reads back as the archives in order. */
    @Test
    void zstdLayersFollowEachOtherAsWholeFrames() throws Exception {
        HostTools.require("zstd");
        FileTree runtime = new FileTree().directory("opt", 0755).file("opt/app.jar", 0644, Content.of("jar"));
        Path layered = dir.resolve("initrd.img");
        try (OutputStream out = Files.newOutputStream(layered)) {
            ZstdCpio.write(sample(), NewcWriterTest.EPOCH, out);
            ZstdCpio.write(runtime, NewcWriterTest.EPOCH, out);
        }

        HostTools.sh(dir, "zstd -dcq initrd.img > unpacked.cpio");

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        new NewcWriter(NewcWriterTest.EPOCH).write(sample(), expected);
        new NewcWriter(NewcWriterTest.EPOCH).write(runtime, expected);
        assertArrayEquals(expected.toByteArray(), Files.readAllBytes(dir.resolve("unpacked.cpio")));
    }

    private static Path zstd(Path file, FileTree tree) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            ZstdCpio.write(tree, NewcWriterTest.EPOCH, out);
        }
        return file;
    }

    private Path write(FileTree tree, String name) throws IOException {
        Path archive = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(archive)) {
            new NewcWriter(NewcWriterTest.EPOCH).write(tree, out);
        }
        return archive;
    }

    private static int mode(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }
}
