package org.lowernet.image.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnedTreeTest {

    private static FileTree files(String... pathsAndTexts) {
        FileTree tree = new FileTree();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            tree.file(pathsAndTexts[i], 0644, Content.of(pathsAndTexts[i + 1]));
        }
        return tree;
    }

    private static String text(OwnedTree root, String path) throws IOException {
        return new String(((Node.RegularFile) root.tree().get(path).orElseThrow()).content().bytes(),
                StandardCharsets.UTF_8);
    }

    @Test
    void aPathTwoPartsAddIsAClashNamingBothAndTheFirstKeepsIt() throws IOException {
        OwnedTree root = new OwnedTree();
        assertEquals(List.of(), root.add("libfoo", files("usr/lib/libfoo.so", "foo", "etc/foo.conf", "a")));

        List<OwnedTree.Clash> clashes = root.add("libbar", new FileTree().symlink("usr/lib/libfoo.so", "libbar.so")
                .file("etc/bar.conf", 0644, Content.of("b")));

        assertEquals(1, clashes.size());
        assertEquals("usr/lib/libfoo.so (a file of 3 bytes in libfoo, a symlink to libbar.so in libbar)",
                clashes.getFirst().toString());
        assertEquals("foo", text(root, "usr/lib/libfoo.so"));
        assertTrue(root.tree().contains("etc/bar.conf"), "the part's other files are laid");
    }

    @Test
    void identicalFilesStillClash() {
        OwnedTree root = new OwnedTree();
        root.add("a", files("usr/share/same", "x"));

        assertEquals(List.of("usr/share/same"),
                root.add("b", files("usr/share/same", "x")).stream().map(OwnedTree.Clash::path).toList());
    }

    @Test
    void sharedDirectoriesAreOneDirectoryOwnedByTheFirst() {
        OwnedTree root = new OwnedTree();
        root.add("a", new FileTree().directory("usr/share/common", 0700).file("usr/share/common/a", 0644, Content.of("")));

        assertEquals(List.of(), root.add("b", files("usr/share/common/b", "")));
        assertEquals(new Node.Directory(0700), root.tree().get("usr/share/common").orElseThrow());
        assertEquals(List.of("usr", "usr/share", "usr/share/common", "usr/share/common/a", "usr/share/common/b"),
                List.copyOf(root.tree().entries().keySet()));
    }

    @Test
    void aDirectoryWhereAFileIsClashesOnceNotOncePerEntryBelowIt() {
        OwnedTree root = new OwnedTree();
        root.add("a", files("etc/thing", "file"));

        List<OwnedTree.Clash> clashes = root.add("b", files("etc/thing/x", "1", "etc/thing/y/z", "2"));

        assertEquals(List.of("etc/thing (a file of 4 bytes in a, a directory in b)"),
                clashes.stream().map(OwnedTree.Clash::toString).toList());
    }

    @Test
    void aPartLaidOverReplacesFilesAndSaysWhoseTheyWere() throws IOException {
        OwnedTree root = new OwnedTree();
        root.add("netbase", files("etc/hosts", "debian", "etc/services", "s"));
        root.layOver("the runtime", "opt/lowernet", files("bin/lowernet", "sh"));

        List<OwnedTree.Replacement> replaced = root.layOver("overlay",
                "", files("etc/hosts", "lowernet", "etc/new", "n", "opt/lowernet/bin/lowernet", "patched"));

        assertEquals(List.of(new OwnedTree.Replacement("etc/hosts", "netbase", "overlay"),
                new OwnedTree.Replacement("opt/lowernet/bin/lowernet", "the runtime", "overlay")), replaced);
        assertEquals("lowernet", text(root, "etc/hosts"));
        assertEquals(List.of(new OwnedTree.Replacement("etc/hosts", "overlay", "later")),
                root.layOver("later", "", files("etc/hosts", "again")), "the replacing part owns the path now");
    }

    @Test
    void aFileLaidOverADirectoryWithEntriesIsRefusedNamingBoth() {
        OwnedTree root = new OwnedTree();
        root.add("netbase", files("etc/thing/a", "a"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> root.layOver("the overlay", "", files("etc/thing", "file")));

        assertEquals("the overlay has a file of 4 bytes at etc/thing, where netbase made a directory with entries"
                + " below it, which only a directory can replace; rename or remove etc/thing in the overlay",
                e.getMessage());
    }

    @Test
    void aPrefixsParentFoldersBelongToThePartThatMadeThem() {
        OwnedTree root = new OwnedTree();
        root.layOver("the runtime", "opt/lowernet", files("lib/a.jar", "jar"));

        assertEquals("opt (a directory in the runtime, a file of 1 bytes in x)",
                root.add("x", files("opt", "!")).getFirst().toString());
    }
}
