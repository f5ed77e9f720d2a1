package org.lowernet.image.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
