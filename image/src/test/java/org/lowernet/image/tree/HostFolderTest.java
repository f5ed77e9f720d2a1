package org.lowernet.image.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostFolderTest {

    @Test
    void readsFilesFoldersSymlinksAndModes(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("bin/java"), "elf");
        Files.setPosixFilePermissions(dir.resolve("bin/java"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(dir.resolve("release"), "JAVA_VERSION=25");
        Files.createSymbolicLink(dir.resolve("current"), Path.of("bin"));

        FileTree tree = HostFolder.read(dir);

        assertEquals(List.of("bin", "bin/java", "current", "release"), List.copyOf(tree.entries().keySet()));
        Node.RegularFile java = (Node.RegularFile) tree.get("bin/java").orElseThrow();
        assertEquals(0750, java.mode());
        assertArrayEquals("elf".getBytes(), java.content().bytes());
        assertEquals(new Node.Symlink("bin"), tree.get("current").orElseThrow());
    }

    @Test
    void checkedInFoldersTakeModesFromARule(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("etc/init.d"));
        Files.writeString(dir.resolve("etc/init.d/rcS"), "#!/bin/sh");
        Files.writeString(dir.resolve("etc/passwd"), "root");

        FileTree tree = HostFolder.read(dir, path -> path.startsWith("etc/init.d/") ? 0755 : 0644);

        assertEquals(0755, tree.get("etc/init.d/rcS").orElseThrow().mode());
        assertEquals(0644, tree.get("etc/passwd").orElseThrow().mode());
    }
}
