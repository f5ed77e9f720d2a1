package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;
import org.lowernet.runtime.update.ReleasePrivateKey;
import org.lowernet.runtime.update.ReleasePublicKey;

/** The no-change rebuild: which changes of the inputs or the outputs make a build write its files again. */
class UpToDateTest {

    private static final List<String> BOARDS = List.of("qemu-virt");

    @TempDir
    Path dir;

    private Path project;
    private Path runtime;
    private BuildContext context;
    private ImageBuilder.Result built;

    @BeforeEach
    void buildOnce() throws Exception {
        project = ProjectCopy.of(ImageIT.PROJECT, dir.resolve("project"));
        runtime = dir.resolve("runtime");
        Files.createDirectories(runtime.resolve("lib"));
        Files.createDirectories(runtime.resolve("bin"));
        Files.writeString(runtime.resolve("bin/lowernet"), "#!/bin/sh\n");
        context = context(runtime);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        FileTree boot = new FileTree().file("config.txt", 0644, Content.of("arm_64bit=1\n"))
                .file("system-a", 0644, Content.of("the root\n".getBytes()));
        Path image = out.resolve(context.imageName());
        new DiskImageStep(boot, context.epoch(), image).run();
        List<Path> others = List.of(".xz", ".sha256", ".bmap", ".cdx.json", ".os_list.json").stream()
                .map(suffix -> out.resolve(context.imageName() + suffix)).toList();
        for (Path file : others) {
            Files.writeString(file, "digest  " + file.getFileName() + "\n");
        }
        built = new ImageBuilder.Result(image, others.get(0), others.get(1), "digest", boot,
                Content.of("the root\n".getBytes()), others.get(2), others.get(3), others.get(4), Optional.empty());
        UpToDate.of(context, BOARDS, Optional.empty()).save(built);
    }

    private BuildContext context(Path runtimeFolder) throws Exception {
        return Main.parse(new String[] {"--project", project.toString(), "--runtime", runtimeFolder.toString(),
                "--output", dir.resolve("out").toString(), "--cache", dir.resolve("cache").toString()}).validated();
    }

    @Test
    void theSameInputsAndUntouchedFilesGiveTheLastBuildWithItsBootFilesReadBack() throws Exception {
        ImageBuilder.Result last = UpToDate.of(context, BOARDS, Optional.empty()).lastBuild().orElseThrow();

        assertEquals(built.image(), last.image());
        assertEquals(built.osList(), last.osList());
        assertEquals("digest", last.digest());
        assertArrayEquals("the root\n".getBytes(), last.system().bytes());
        Node.RegularFile config = (Node.RegularFile) last.boot().get("config.txt").orElseThrow();
        assertArrayEquals("arm_64bit=1\n".getBytes(), config.content().bytes());
    }

    @Test
    void aChangedRuntimeFileOrItsModeIsAChangedInput() throws Exception {
        Files.writeString(runtime.resolve("lib/new.txt"), "x");
        assertEquals(Optional.empty(), UpToDate.of(context, BOARDS, Optional.empty()).lastBuild());

        Files.delete(runtime.resolve("lib/new.txt"));
        assertTrue(UpToDate.of(context, BOARDS, Optional.empty()).lastBuild().isPresent());
        Files.setPosixFilePermissions(runtime.resolve("bin/lowernet"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(Optional.empty(), UpToDate.of(context, BOARDS, Optional.empty()).lastBuild());
    }

    @Test
    void aChangedBoardFileOrBoardSelectionIsAChangedInput() throws Exception {
        Path cmdline = project.resolve("board/common/cmdline.txt");
        String original = Files.readString(cmdline);
        Files.writeString(cmdline, original + " quiet");
        assertEquals(Optional.empty(), UpToDate.of(context, BOARDS, Optional.empty()).lastBuild());

        Files.writeString(cmdline, original);
        assertTrue(UpToDate.of(context, BOARDS, Optional.empty()).lastBuild().isPresent());
        assertEquals(Optional.empty(), UpToDate.of(context, List.of("qemu-virt", "rpi4"), Optional.empty()).lastBuild());
    }

    @Test
    void anOutputWrittenSinceIsRebuilt() throws Exception {
        Files.setLastModifiedTime(built.bmap(), java.nio.file.attribute.FileTime.fromMillis(0));

        assertEquals(Optional.empty(), UpToDate.of(context, BOARDS, Optional.empty()).lastBuild());
    }

    @Test
    void anotherReleaseKeyOrATouchedBundleMakesTheNextBuildWriteEverything() throws Exception {
        Optional<ReleasePublicKey> key = Optional.of(ReleasePrivateKey.generate().publicKey());
        assertEquals(Optional.empty(), UpToDate.of(context, BOARDS, key).lastBuild(), "a key where there was none");
        Path bundle = Files.writeString(dir.resolve("out").resolve("lowernet-it-arm64.update"), "bundle\n");
        ImageBuilder.Result signed = new ImageBuilder.Result(built.image(), built.xz(), built.sha256(), built.digest(),
                built.boot(), built.system(), built.bmap(), built.sbom(), built.osList(), Optional.of(bundle));
        UpToDate.of(context, BOARDS, key).save(signed);
        assertEquals(Optional.of(bundle), UpToDate.of(context, BOARDS, key).lastBuild().orElseThrow().update());
        assertEquals(Optional.empty(), UpToDate.of(context, BOARDS, Optional.of(ReleasePrivateKey.generate()
                .publicKey())).lastBuild(), "another key");
        Files.writeString(bundle, "touched\n");
        assertEquals(Optional.empty(), UpToDate.of(context, BOARDS, key).lastBuild(), "the bundle changed since");
    }
}
