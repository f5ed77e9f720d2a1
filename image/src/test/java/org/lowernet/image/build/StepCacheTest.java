package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

class StepCacheTest {

    private static FileTree sample() {
        return new FileTree()
                .file("usr/bin/tool", 04755, Content.of("#!/bin/sh\n"))
                .symlink("usr/bin/alias", "tool")
                .directory("tmp", 01777)
                .put("dev/console", new Node.CharDevice(0600, 5, 1));
    }

    @Test
    void aStoredTreeComesBackWithModesLinksAndDevices(@TempDir Path dir) throws IOException {
        StepCache cache = new StepCache(dir);
        String key = StepCache.key(List.of("jre", "abc"));
        cache.put("jre", key, sample());

        FileTree back = cache.get("jre", key).orElseThrow();

        assertEquals(sample().entries().keySet(), back.entries().keySet());
        Node.RegularFile tool = (Node.RegularFile) back.get("usr/bin/tool").orElseThrow();
        assertEquals(04755, tool.mode());
        assertArrayEquals("#!/bin/sh\n".getBytes(), tool.content().bytes());
        assertEquals(new Node.Symlink("tool"), back.get("usr/bin/alias").orElseThrow());
        assertEquals(new Node.Directory(01777), back.get("tmp").orElseThrow());
        assertEquals(new Node.CharDevice(0600, 5, 1), back.get("dev/console").orElseThrow());
    }

    @Test
    void anyChangedInputGivesAnotherKey() {
        String key = StepCache.key(List.of("kernel", "sha", "vfat"));

        assertNotEquals(key, StepCache.key(List.of("kernel", "sha", "vfat", "bridge")));
        assertNotEquals(key, StepCache.key(List.of("kernel", "shavfat")));
        assertEquals(key, StepCache.key(List.of("kernel", "sha", "vfat")));
    }

    @Test
    void aDamagedEntryIsDroppedSoTheStepRunsAgain(@TempDir Path dir) throws IOException {
        StepCache cache = new StepCache(dir);
        String key = StepCache.key(List.of("kernel"));
        cache.put("kernel", key, sample());
        Path stored;
        try (var files = Files.list(dir.resolve("steps"))) {
            stored = files.findFirst().orElseThrow();
        }
        Files.write(stored, java.util.Arrays.copyOf(Files.readAllBytes(stored), 100));

        assertTrue(cache.get("kernel", key).isEmpty());
        assertTrue(Files.notExists(stored), "the damaged entry was kept");
    }

    @Test
    void filesAreKeptWhole(@TempDir Path dir) throws IOException {
        StepCache cache = new StepCache(dir);
        Path source = Files.writeString(dir.resolve("image.xz"), "compressed");
        cache.putFile("img-xz", "k1", source);

        assertEquals("compressed", Files.readString(cache.getFile("img-xz", "k1").orElseThrow()));
        assertTrue(cache.getFile("img-xz", "k2").isEmpty());
    }

    @Test
    void bytesAreKeptWhole(@TempDir Path dir) throws IOException {
        StepCache cache = new StepCache(dir);
        cache.putBytes("xz-block", "k1", "compressed".getBytes());

        assertArrayEquals("compressed".getBytes(), cache.getBytes("xz-block", "k1").orElseThrow());
        assertTrue(cache.getBytes("xz-block", "k2").isEmpty());
    }
}
