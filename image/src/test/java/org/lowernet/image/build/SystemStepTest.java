package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/** The layered system: a warm base layer gives the very bytes a clean build gives. */
class SystemStepTest {

    private static final int SUPERBLOCK = 96;

    @TempDir
    Path dir;

    private static FileTree base(String motd) {
        byte[] library = new byte[200_000];
        for (int i = 0; i < library.length; i++) {
            library[i] = (byte) (i * i >> 5);
        }
        return new FileTree()
                .file("usr/lib/libc.so.6", 0755, Content.of(library))
                .symlink("bin", "usr/bin")
                .put("dev/console", new Node.CharDevice(0600, 5, 1))
                .file("etc/motd", 0644, Content.of(motd))
                .file("opt/lowernet/jre/bin/java", 0755, Content.of("java"));
    }

    private static FileTree runtime(String jar) {
        return new FileTree().file("opt/lowernet/lib/lowernet-runtime.jar", 0644, Content.of(jar));
    }

    private Progress.Done<Content> build(String cache, FileTree base, FileTree runtime, String work)
            throws IOException {
        FileTree whole = new FileTree();
        base.entries().forEach(whole::put);
        runtime.entries().forEach(whole::put);
        return new SystemStep(new RootTreeStep.RootTree(whole, base, runtime), RootTreeStepTest.EPOCH,
                new StepCache(dir.resolve(cache)), dir.resolve(work)).run();
    }

    private static byte[] bytes(Progress.Done<Content> done) throws IOException {
        return done.value().bytes();
    }

    @Test
    void aRuntimeChangeWithAWarmBaseGivesTheBytesOfACleanBuild() throws IOException {
        Progress.Done<Content> first = build("cache", base("hello\n"), runtime("runtime 1"), "work1");
        Progress.Done<Content> incremental = build("cache", base("hello\n"), runtime("runtime 2"), "work2");
        Progress.Done<Content> clean = build("empty-cache", base("hello\n"), runtime("runtime 2"), "work3");

        assertFalse(first.summary().contains("(cached)"), first.summary());
        assertTrue(incremental.summary().contains("base") && incremental.summary().contains("(cached)"),
                incremental.summary());
        assertFalse(clean.summary().contains("(cached)"), clean.summary());
        assertArrayEquals(bytes(clean), bytes(incremental));
        // The base's data come first (after the superblock) and did not change: the two builds share them.
        int baseEnd = SUPERBLOCK + (int) Files.size(baseData(dir.resolve("cache/steps")));
        assertArrayEquals(Arrays.copyOfRange(bytes(first), SUPERBLOCK, baseEnd),
                Arrays.copyOfRange(bytes(incremental), SUPERBLOCK, baseEnd));
        assertFalse(Arrays.equals(bytes(first), bytes(incremental)), "the runtime layer changed");
    }

    @Test
    void aChangedBaseIsPackedAgain() throws IOException {
        build("cache", base("hello\n"), runtime("runtime 1"), "work1");

        Progress.Done<Content> changed = build("cache", base("hello again\n"), runtime("runtime 1"), "work2");

        assertFalse(changed.summary().contains("(cached)"), changed.summary());
        assertArrayEquals(bytes(build("empty-cache", base("hello again\n"), runtime("runtime 1"), "work3")),
                bytes(changed));
    }

    @Test
    void aDamagedCachedBaseIsPackedAgain() throws IOException {
        Progress.Done<Content> first = build("cache", base("hello\n"), runtime("runtime 1"), "work1");
        Files.write(baseData(dir.resolve("cache/steps")), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);

        Progress.Done<Content> again = build("cache", base("hello\n"), runtime("runtime 1"), "work2");

        assertFalse(again.summary().contains("(cached)"), again.summary());
        assertArrayEquals(bytes(first), bytes(again));
    }

    /** The one cached base layer's data (beside it: its index). */
    private static Path baseData(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            var all = files.toList();
            assertEquals(2, all.size(), all.toString());
            return all.stream().filter(f -> !f.getFileName().toString().startsWith(SystemStep.BASE_STEP + "-index"))
                    .findFirst().orElseThrow();
        }
    }
}
