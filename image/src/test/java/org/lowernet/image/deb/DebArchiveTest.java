package org.lowernet.image.deb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

class DebArchiveTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] deb) throws IOException {
        return Files.write(dir.resolve(name), deb);
    }

    private static DebBuilder sample() {
        return new DebBuilder()
                .dir("./", 0755)
                .dir("./usr/", 0755)
                .dir("./usr/bin/", 0755)
                .file("./usr/bin/su", 04755, "su binary")
                .file("./usr/bin/tool", 0755, "tool")
                .hardLink("./usr/bin/tool-alias", "./usr/bin/tool")
                .symlink("./usr/bin/sh", "busybox")
                .dir("./bin/", 0755)
                .file("./bin/legacy", 0700, "legacy")
                .dir("./lib/", 0755)
                .symlink("./lib/ld.so", "aarch64/ld.so.1")
                .dir("./etc/", 0755)
                .file("./etc/config", 0640, "a=b\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"xz", "gz", ""})
    void extractsModesLinksAndCanonicalUsrMergePaths(String compression) throws IOException {
        Path deb = write("pkg.deb", sample().dataCompression(compression).build("pkg", "1.2-3"));
        FileTree tree = new FileTree();

        DebControl control = DebArchive.extract(deb, p -> true, tree);

        assertEquals("pkg", control.packageName());
        assertEquals("1.2-3", control.version());
        assertEquals("test package\nlong description line", control.field("Description").orElseThrow());
        assertEquals(04755, tree.get("usr/bin/su").orElseThrow().mode());
        assertEquals(0640, tree.get("etc/config").orElseThrow().mode());
        assertEquals(new Node.Symlink("busybox"), tree.get("usr/bin/sh").orElseThrow());
        assertEquals("tool", text(tree, "usr/bin/tool-alias"));
        assertEquals(0755, tree.get("usr/bin/tool-alias").orElseThrow().mode());
        // bin/ and lib/ content moved under usr/; the top-level names stay symlinks.
        assertEquals("legacy", text(tree, "usr/bin/legacy"));
        assertEquals(0700, tree.get("usr/bin/legacy").orElseThrow().mode());
        assertEquals(new Node.Symlink("aarch64/ld.so.1"), tree.get("usr/lib/ld.so").orElseThrow());
        assertEquals(new Node.Symlink("usr/bin"), tree.get("bin").orElseThrow());
        assertEquals(new Node.Symlink("usr/sbin"), tree.get("sbin").orElseThrow());
        assertEquals(new Node.Symlink("usr/lib"), tree.get("lib").orElseThrow());
        assertFalse(tree.contains("lib64"), "lib64 is linked only when usr/lib64 exists");
    }

    @Test
    void mergeLinksShippedByAPackageAndLaterPackagesKeepThem() throws IOException {
        Path base = write("base.deb", new DebBuilder().dir("./", 0755).symlink("./bin", "usr/bin")
                .symlink("./lib64", "usr/lib64").dir("./usr/lib64/", 0755).build("base-files", "13"));
        Path old = write("old.deb", new DebBuilder().dir("./bin/", 0755).file("./bin/x", 0755, "new")
                .dir("./lib64/", 0755).file("./lib64/ld", 0755, "ld").build("old", "1"));
        FileTree tree = new FileTree();

        DebArchive.extract(base, p -> true, tree);
        DebArchive.extract(old, p -> true, tree);

        assertEquals(new Node.Symlink("usr/bin"), tree.get("bin").orElseThrow());
        assertEquals(new Node.Symlink("usr/lib64"), tree.get("lib64").orElseThrow());
        assertEquals("new", text(tree, "usr/bin/x"));
        assertEquals("ld", text(tree, "usr/lib64/ld"));
    }

    @Test
    void unpackAddsNoMergeLinksAndRefusesAPathAlreadyTakenNamingThePackage() throws IOException {
        Path deb = write("pkg.deb", sample().build("pkg", "1"));
        FileTree tree = new FileTree();
        DebArchive.unpack(deb, p -> true, tree);

        assertFalse(tree.contains("bin"), "merge links are the root's, added once by whoever lays it out");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DebArchive.unpack(deb, p -> true, tree));
        assertEquals(deb + ": cannot add usr/bin/su as a file of 9 bytes: the tree has a file of 9 bytes there"
                + " already; remove or replace it first if the new entry is meant to win", e.getMessage());
    }

    @Test
    void filterSeesCanonicalPathsAndSkipsContent() throws IOException {
        Path deb = write("pkg.deb", sample().build("pkg", "1"));
        FileTree tree = new FileTree();

        DebArchive.extract(deb, p -> p.startsWith("usr/bin/legacy") || p.equals("etc/config"), tree);

        assertTrue(tree.contains("usr/bin/legacy"));
        assertTrue(tree.contains("etc/config"));
        assertFalse(tree.contains("usr/bin/su"));
        assertEquals("legacy".length() + "a=b\n".length(), tree.contentBytes());
    }

    @Test
    void hardLinkToAnExcludedFileIsAClearError() throws IOException {
        Path deb = write("pkg.deb", sample().build("pkg", "1"));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DebArchive.extract(deb, p -> !p.equals("usr/bin/tool"), new FileTree()));
        assertTrue(e.getMessage().contains("usr/bin/tool-alias points to usr/bin/tool"), e.getMessage());
    }

    @Test
    void zstdDataIsRefusedByName() throws IOException {
        Path deb = write("z.deb", sample().dataCompression("zst").build("z", "1"));

        IOException e = assertThrows(IOException.class, () -> DebArchive.extract(deb, p -> true, new FileTree()));
        assertTrue(e.getMessage().contains("data.tar.zst is zstd-compressed"), e.getMessage());
        assertTrue(e.getMessage().startsWith(deb.toString()), e.getMessage());
        assertEquals("z", DebArchive.control(deb).packageName(), "control is still readable");
    }

    @ParameterizedTest
    @ValueSource(ints = {40, 200, 400})
    void truncatedPackageIsAClearError(int cutFromEnd) throws IOException {
        byte[] whole = sample().build("pkg", "1");
        Path deb = write("cut.deb", Arrays.copyOf(whole, whole.length - cutFromEnd));

        IOException e = assertThrows(IOException.class, () -> DebArchive.extract(deb, p -> true, new FileTree()));
        assertTrue(e.getMessage().contains(deb.toString()), e.getMessage());
    }

    @Test
    void notADebIsRefused() throws IOException {
        Path deb = write("x.deb", "!<arch>\nhello".getBytes(StandardCharsets.US_ASCII));
        assertThrows(IOException.class, () -> DebArchive.control(deb));
    }

    @Test
    void identicalInputGivesIdenticalTree() throws IOException {
        Path deb = write("pkg.deb", sample().build("pkg", "1"));
        FileTree a = new FileTree();
        FileTree b = new FileTree();
        DebArchive.extract(deb, p -> true, a);
        DebArchive.extract(deb, p -> true, b);
        assertEquals(a.entries().keySet(), b.entries().keySet());
        assertArrayEquals(((Node.RegularFile) a.get("usr/bin/su").orElseThrow()).content().bytes(),
                ((Node.RegularFile) b.get("usr/bin/su").orElseThrow()).content().bytes());
    }

    static String text(FileTree tree, String path) throws IOException {
        return new String(((Node.RegularFile) tree.get(path).orElseThrow()).content().bytes(), StandardCharsets.UTF_8);
    }
}
