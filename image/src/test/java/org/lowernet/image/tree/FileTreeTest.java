package org.lowernet.image.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileTreeTest {

    @Test
    void parentsAreAddedAndEntriesComeInByteOrder() {
        FileTree tree = new FileTree()
                .file("usr/bin/z", 0755, Content.of("z"))
                .symlink("bin", "usr/bin")
                .file("usr/bin/B", 0644, Content.of("B"));

        assertEquals(List.of("bin", "usr", "usr/bin", "usr/bin/B", "usr/bin/z"),
                List.copyOf(tree.entries().keySet()));
        assertEquals(new Node.Directory(0755), tree.get("usr").orElseThrow());
        assertEquals(2, tree.contentBytes());
    }

    @Test
    void byteOrderPutsParentsBeforeChildrenEvenWithPunctuation() {
        FileTree tree = new FileTree().file("a/b", 0644, Content.of("")).file("a-c", 0644, Content.of(""));
        // '-' (0x2d) sorts before '/' (0x2f): a child never comes before its parent regardless.
        assertEquals(List.of("a", "a-c", "a/b"), List.copyOf(tree.entries().keySet()));
    }

    @Test
    void removeTakesChildrenWithIt() {
        FileTree tree = new FileTree().file("usr/share/doc/x", 0644, Content.of("x"))
                .file("usr/share/docs", 0644, Content.of("keep"));
        tree.remove("usr/share/doc");

        assertFalse(tree.contains("usr/share/doc/x"));
        assertFalse(tree.contains("usr/share/doc"));
        assertTrue(tree.contains("usr/share/docs"));
    }

    @Test
    void pathsCannotLeaveTheRootOrGoBelowAFile() {
        FileTree tree = new FileTree().file("etc/passwd", 0644, Content.of(""));

        assertThrows(IllegalArgumentException.class, () -> tree.file("../x", 0644, Content.of("")));
        assertThrows(IllegalArgumentException.class, () -> tree.file("etc/passwd/x", 0644, Content.of("")));
        assertEquals("usr/bin/x", FileTree.normalize("/usr//bin/./x/"));
    }

    @Test
    void subtreeAndPutAllMoveEntriesBetweenRoots() {
        FileTree jre = new FileTree().file("bin/java", 0755, Content.of("elf"));
        FileTree root = new FileTree().putAll("opt/lowernet/jre", jre);

        assertTrue(root.contains("opt/lowernet/jre/bin/java"));
        assertEquals(jre.entries().keySet(), root.subtree("opt/lowernet/jre").entries().keySet());
    }

    @Test
    void aTakenPathIsRefusedUnlessBothAreDirectories() {
        FileTree tree = new FileTree().directory("etc", 0755).file("etc/hosts", 0644, Content.of("a"));

        tree.directory("etc", 0700);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tree.symlink("etc/hosts", "/run/hosts"));

        assertEquals(new Node.Directory(0755), tree.get("etc").orElseThrow(), "the first mode stays");
        assertEquals("cannot add etc/hosts as a symlink to /run/hosts: the tree has a file of 1 bytes there"
                + " already; remove or replace it first if the new entry is meant to win", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tree.directory("etc/hosts", 0755));
    }

    @Test
    void replaceSaysWhatItReplacedButLeavesNothingBelowAFile() throws IOException {
        FileTree tree = new FileTree().file("etc/hosts", 0644, Content.of("a")).directory("etc/empty", 0755);

        Node replaced = tree.replace("etc/hosts", new Node.Symlink("/run/hosts")).orElseThrow();
        assertEquals("a", new String(((Node.RegularFile) replaced).content().bytes(), StandardCharsets.UTF_8));
        assertEquals(new Node.Symlink("/run/hosts"), tree.get("etc/hosts").orElseThrow());
        assertEquals(new Node.Directory(0755), tree.replace("etc/empty", new Node.Symlink("x")).orElseThrow());
        assertTrue(tree.replace("etc/new", new Node.Symlink("y")).isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tree.replace("etc", new Node.Symlink("z")));
        assertTrue(e.getMessage().startsWith("cannot replace the directory etc by a symlink to z: 3 entries"),
                e.getMessage());
    }
}
