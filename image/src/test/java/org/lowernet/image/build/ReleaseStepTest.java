package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.release.BlockMap;
import org.lowernet.image.release.BmapFile;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.runtime.hash.Sha256;
import org.tukaani.xz.XZInputStream;

/**
 * The image's end of the build loop on a small boot partition: an incremental build (a warm step cache, one
 * boot file changed, as a runtime change changes the initramfs) gives the same bytes as a clean build.
 */
class ReleaseStepTest {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final Pattern COMPRESSED = Pattern.compile("\\((\\d+) of (\\d+) blocks compressed");

    @TempDir
    Path dir;

    private static FileTree boot(String runtime) {
        byte[] kernel = new byte[3 << 20];
        new Random(1).nextBytes(kernel);
        return new FileTree().file("config.txt", 0644, Content.of("arm_64bit=1\n"))
                .file("vmlinuz", 0644, Content.of(kernel))
                .file("system-a", 0644, Content.of(("runtime " + runtime + "\n").repeat(200_000).getBytes()));
    }

    /** What a build's image end writes: the image, .img.xz, .sha256 and .bmap; returns the blocks compressed. */
    private int release(FileTree boot, Path cache, Path out) throws Exception {
        Files.createDirectories(out);
        Path image = out.resolve("lowernet-test-arm64.img");
        Path bmap = image.resolveSibling(image.getFileName() + ".bmap");
        try (Staging staging = new Staging()) {
            Path partial = staging.stage(image);
            DiskImageStep.DiskImage disk = new DiskImageStep(boot, EPOCH, partial).run().value();
            String summary = new ReleaseStep(image, staging, new StepCache(cache)).run().summary();
            BmapFile.write(BlockMap.scan(partial, ArtifactsStep.alwaysMapped(disk.layout())), staging.stage(bmap));
            staging.publish();
            Matcher m = COMPRESSED.matcher(summary);
            assertTrue(m.find(), summary);
            assertEquals(DiskImageStep.IMAGE_BYTES / ReleaseStep.XZ_BLOCK, Integer.parseInt(m.group(2)), summary);
            return Integer.parseInt(m.group(1));
        }
    }

    @Test
    void anIncrementalBuildAfterAChangeIsByteIdenticalToACleanOne() throws Exception {
        Path warm = dir.resolve("warm-cache");
        int first = release(boot("one"), warm, dir.resolve("before"));
        int incremental = release(boot("two"), warm, dir.resolve("incremental"));
        int clean = release(boot("two"), dir.resolve("empty-cache"), dir.resolve("clean"));

        for (String suffix : List.of("", ".xz", ".sha256", ".bmap")) {
            String name = "lowernet-test-arm64.img" + suffix;
            assertEquals(-1, Files.mismatch(dir.resolve("incremental").resolve(name), dir.resolve("clean").resolve(name)),
                    name + " differs between the incremental and the clean build");
        }
        assertTrue(incremental < clean && incremental < first,
                "the warm cache saved nothing: " + incremental + " blocks compressed, clean " + clean);
        Path image = dir.resolve("clean/lowernet-test-arm64.img");
        try (var xz = new XZInputStream(Files.newInputStream(image.resolveSibling(image.getFileName() + ".xz")))) {
            assertEquals(Sha256.of(image), Sha256.of(xz));
        }
        assertEquals(Sha256.of(image) + "  lowernet-test-arm64.img\n",
                Files.readString(image.resolveSibling(image.getFileName() + ".sha256")));
    }

    @Test
    void hostXzAcceptsTheReleaseAndListsItsBlocks() throws Exception {
        HostTools.require("xz");
        release(boot("one"), dir.resolve("cache"), dir.resolve("out"));

        HostTools.sh(dir.resolve("out"), "xz -t lowernet-test-arm64.img.xz");
        String list = HostTools.sh(dir.resolve("out"), "xz -l --robot lowernet-test-arm64.img.xz");
        // "totals" line: streams, blocks, compressed, uncompressed size.
        assertTrue(list.contains("\ntotals\t1\t" + DiskImageStep.IMAGE_BYTES / ReleaseStep.XZ_BLOCK + "\t"), list);
        assertTrue(list.contains("\t" + DiskImageStep.IMAGE_BYTES + "\t"), list);
    }
}
