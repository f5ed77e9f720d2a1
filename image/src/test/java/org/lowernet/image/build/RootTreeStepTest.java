package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.deb.DebBuilder;
import org.lowernet.image.rootfs.TestElf;
import org.lowernet.runtime.board.Board;
import org.lowernet.runtime.board.BoardProfile;
import org.lowernet.runtime.board.JvmOptions;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;
import org.lowernet.runtime.update.ReleasePrivateKey;
import org.lowernet.runtime.update.ReleasePublicKey;
import org.lowernet.runtime.update.TrustedKeys;

/**
 * The root's assembly from synthetic packages: who may ship a path, who may replace it, and saying so; a
 * program whose shared library is not in the root.
 */
class RootTreeStepTest {

    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final List<String> said = new ArrayList<>();

    /** busybox-static with a name table BusyboxApplets accepts: "[", "[[", then enough applets. */
    private Path busybox(String... more) throws IOException {
        StringBuilder binary = new StringBuilder("[\0[[\0");
        List<String> applets = new ArrayList<>(List.of("ash", "cat", "init", "mount", "sh"));
        applets.addAll(List.of(more));
        for (String applet : applets) {
            binary.append(applet).append('\0');
        }
        for (int i = 0; i < 20; i++) {
            binary.append("tool").append(i).append('\0');
        }
        return deb("busybox-static", new DebBuilder().dir("./usr/bin/", 0755)
                .file("./usr/bin/busybox", 0755, staticElf(binary.append('\0').toString())));
    }

    /** A static ELF program (the root's shared-library check reads every ELF file) whose data is {@code text}. */
    static byte[] staticElf(String text) {
        byte[] header = TestElf.staticProgram();
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        byte[] program = java.util.Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, program, header.length, data.length);
        return program;
    }

    private Path deb(String name, DebBuilder contents) throws IOException {
        return Files.write(dir.resolve(name + ".deb"), contents.build(name, "1"));
    }

    private RootTreeStep step(List<Path> packages, Path overlay) throws IOException {
        return step(packages, overlay, Optional.empty());
    }

    private RootTreeStep step(List<Path> packages, Path overlay, Optional<ReleasePublicKey> releaseKey)
            throws IOException {
        Path runtime = Files.createDirectories(dir.resolve("runtime/lib"));
        Files.writeString(runtime.resolve("runtime.jar"), "jar");
        Path boards = Files.createDirectories(dir.resolve("board/rpi3"));
        Files.writeString(boards.resolve("board.conf"), "name = Raspberry Pi 3\n");
        Board rpi3 = new Board(new BoardProfile("rpi3", "Raspberry Pi 3", List.of("Raspberry Pi 3"), Optional.empty(),
                Optional.empty(), new TreeMap<>(), Optional.empty()), Optional.empty(), List.of(), List.of(), "ttyS1", List.of(),
                Optional.empty(), new JvmOptions(15, 32, 64, List.of("-Xss256k")));
        FileTree modules = new FileTree().file("usr/lib/modules/6.12/kernel/x.ko", 0644, Content.of("ko"));
        FileTree jre = new FileTree().file("bin/java", 0755, Content.of("java"));
        return new RootTreeStep(packages, modules, jre, runtime.getParent(), overlay, dir.resolve("board"),
                List.of(rpi3), List.of("x"), EPOCH, releaseKey, new StepCache(dir.resolve("cache")), said::add);
    }

    private Path overlay(String path, String text) throws IOException {
        Path overlay = dir.resolve("overlay");
        Files.createDirectories(overlay.resolve(path).getParent());
        Files.writeString(overlay.resolve(path), text);
        return overlay;
    }

    private static String text(FileTree tree, String path) throws IOException {
        return new String(((Node.RegularFile) tree.get(path).orElseThrow()).content().bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theBuildTimeIsTheEpochOnOneLineForTheRuntimesClock() throws IOException {
        FileTree root = step(List.of(busybox()), overlay("etc/hosts", "h")).run().value().whole();

        assertEquals("2026-01-01T00:00:00Z\n", text(root, "etc/lowernet/build-time"));
    }

    @Test
    void theReleaseKeyGivenIsTheOneTheImageTrustsAndNoneWithout() throws IOException {
        ReleasePublicKey key = ReleasePrivateKey.generate().publicKey();
        FileTree root = step(List.of(busybox()), overlay("etc/hosts", "h"), Optional.of(key)).run().value().whole();
        Node.RegularFile file = (Node.RegularFile) root.get(TrustedKeys.BUILT_IN).orElseThrow();
        assertEquals(key, ReleasePublicKey.parseFile(new String(file.content().bytes(), StandardCharsets.UTF_8)));
        FileTree without = step(List.of(busybox()), overlay("etc/hosts", "h")).run().value().whole();
        assertTrue(without.get(TrustedKeys.BUILT_IN).isEmpty());
    }

    @Test
    void eachBoardsJvmSettingsAreAFileTheLauncherReadsBesideItsProfile() throws IOException {
        FileTree root = step(List.of(busybox()), overlay("etc/hosts", "h")).run().value().whole();

        assertEquals("name = Raspberry Pi 3\n", text(root, "usr/share/lowernet/boards/rpi3.conf"));
        assertEquals("""
                # The JVM settings of board rpi3 (jvm.* in its board.conf), for bin/lowernet.
                model Raspberry Pi 3
                heap 15 32 64
                options -Xss256k
                """, text(root, "usr/share/lowernet/boards/rpi3.jvm"));
    }

    @Test
    void twoPackagesShippingOnePathFailTheBuildNamingBoth() throws IOException {
        Path first = deb("libfirst", new DebBuilder().dir("./usr/bin/", 0755).file("./usr/bin/tool", 0755, "one"));
        // bin/ is usr/bin/ on the usr-merged root, so this is the same path.
        Path second = deb("second-tool", new DebBuilder().dir("./bin/", 0755).symlink("./bin/tool", "other"));

        BuildException e = assertThrows(BuildException.class,
                () -> step(List.of(busybox(), first, second), overlay("etc/hosts", "h")).run());

        assertEquals("laying out the root: 1 path(s) shipped twice, usr/bin/tool (a file of 3 bytes in libfirst,"
                + " a symlink to other in second-tool). Keep one of each pair: drop the other package (or the package"
                + " that depends on it) from " + dir.resolve("board/common/packages")
                + " and run scripts/build --update-lock", e.getMessage());
    }

    @Test
    void everyClashIsReportedAtOnceAndIdenticalBytesAreNoExcuse() throws IOException {
        Path a = deb("a", new DebBuilder().file("./etc/same", 0644, "x").file("./etc/a", 0644, "a"));
        Path b = deb("b", new DebBuilder().file("./etc/same", 0644, "x").file("./etc/a", 0644, "b"));

        BuildException e = assertThrows(BuildException.class,
                () -> step(List.of(busybox(), a, b), overlay("etc/hosts", "h")).run());

        assertTrue(e.getMessage().startsWith("laying out the root: 2 path(s) shipped twice, etc/a (a file of 1 bytes"
                + " in a, a file of 1 bytes in b); etc/same (a file of 1 bytes in a, a file of 1 bytes in b)."),
                e.getMessage());
    }

    @Test
    void sharedDirectoriesAndDocumentationLeftOutAreFine() throws IOException {
        Path a = deb("a", new DebBuilder().dir("./usr/share/common/", 0755).file("./usr/share/common/a", 0644, "a")
                .file("./usr/share/doc/common/copyright", 0644, "a"));
        Path b = deb("b", new DebBuilder().dir("./usr/share/common/", 0755).file("./usr/share/common/b", 0644, "b")
                .file("./usr/share/doc/common/copyright", 0644, "b"));

        FileTree root = step(List.of(busybox(), a, b), overlay("etc/hosts", "h")).run().value().whole();

        assertEquals("a", text(root, "usr/share/common/a"));
        assertEquals("b", text(root, "usr/share/common/b"));
        assertFalse(root.contains("usr/share/doc"), "documentation never reaches the image");
        assertEquals(List.of(), said, "nothing was replaced");
    }

    @Test
    void theOverlayReplacesAPackagesFileAndTheBuildSaysWhich() throws IOException {
        Path netbase = deb("netbase", new DebBuilder().dir("./etc/", 0755).file("./etc/hosts", 0644, "debian"));

        Progress.Done<RootTreeStep.RootTree> done = step(List.of(busybox(), netbase), overlay("etc/hosts", "lowernet")).run();

        FileTree root = done.value().whole();
        assertEquals("lowernet", text(root, "etc/hosts"));
        assertEquals(List.of("root: the overlay replaces etc/hosts from netbase"), said);
        assertEquals(new Node.Symlink("busybox"), root.get("usr/bin/cat").orElseThrow());
        assertEquals(new Node.Symlink("usr/bin"), root.get("bin").orElseThrow());
        assertEquals("java", text(root, "opt/lowernet/jre/bin/java"));
        assertTrue(done.summary().endsWith(", 27 busybox applets"), done.summary()); // with "[" and "[["
    }

    /**
     * The initramfs's runtime layer holds what the runtime folder laid and kept, with the directories above
     * it; the base holds everything else, also with its directories (opt/lowernet for the JRE); together
     * they are the whole root, and no file is in both.
     */
    @Test
    void theRuntimeLayerHoldsTheRuntimesFilesAndTheBaseEverythingElse() throws IOException {
        Path runtimeBin = Files.createDirectories(dir.resolve("runtime/bin"));
        Files.writeString(runtimeBin.resolve("lowernet"), "launcher");

        RootTreeStep.RootTree root = step(List.of(busybox()), overlay("opt/lowernet/bin/lowernet", "patched")).run()
                .value();

        assertEquals(List.of("opt", "opt/lowernet", "opt/lowernet/bin", "opt/lowernet/lib", "opt/lowernet/lib/runtime.jar"),
                List.copyOf(root.runtime().entries().keySet()));
        assertEquals("patched", text(root.base(), "opt/lowernet/bin/lowernet"), "the overlay's file is the base's");
        assertEquals("java", text(root.base(), "opt/lowernet/jre/bin/java"));
        assertFalse(root.base().contains("opt/lowernet/lib"));
        FileTree union = new FileTree();
        root.base().entries().forEach(union::put);
        root.runtime().entries().forEach(union::put); // put refuses a path taken by anything but two directories
        assertEquals(root.whole().entries(), union.entries());
    }

    /** The packages' files are kept in the step cache; a second run lays the same root from there. */
    @Test
    void aSecondRunLaysTheSameRootFromThePackagesKeptInTheCache() throws IOException {
        Path coreutils = deb("coreutils", new DebBuilder().dir("./usr/share/doc/coreutils/", 0755)
                .file("./usr/share/doc/coreutils/copyright", 0644, "gpl").file("./bin/cat", 0755, "real cat"));
        List<Path> packages = List.of(busybox(), coreutils);

        FileTree first = step(packages, overlay("etc/motd", "hi\n")).run().value().whole();
        FileTree second = step(packages, overlay("etc/motd", "hi\n")).run().value().whole();

        try (var kept = Files.list(dir.resolve("cache/steps"))) {
            assertEquals(2, kept.filter(f -> f.getFileName().toString().startsWith("root-package-")).count());
        }
        assertEquals(first.entries().keySet(), second.entries().keySet());
        for (String path : first.entries().keySet()) {
            if (first.get(path).orElseThrow() instanceof Node.RegularFile f) {
                assertEquals(text(first, path), text(second, path), path);
                assertEquals(f.mode(), ((Node.RegularFile) second.get(path).orElseThrow()).mode(), path);
            } else {
                assertEquals(first.get(path), second.get(path), path);
            }
        }
        assertEquals("real cat", text(second, "usr/bin/cat"));
        assertFalse(second.contains("usr/share/doc/coreutils/copyright"), "documentation never reaches the image");
    }

    @Test
    void aRealProgramKeepsItsNameAndTheOverlayMayReplaceAnAppletLink() throws IOException {
        Path coreutils = deb("coreutils", new DebBuilder().file("./bin/cat", 0755, "real cat"));

        FileTree root = step(List.of(busybox(), coreutils), overlay("usr/bin/mount", "#!/bin/sh\n")).run().value().whole();

        assertEquals("real cat", text(root, "usr/bin/cat"));
        assertEquals("#!/bin/sh\n", text(root, "usr/bin/mount"));
        assertEquals(List.of("root: the overlay replaces usr/bin/mount from busybox's applet links"), said);
    }

    /**
     * e2fsprogs' programs live in sbin (usr/sbin on the merged root); a busybox applet of the same name must
     * not get a link in usr/bin, which comes first in PATH and would make ext2 where ext4 was asked for.
     */
    @Test
    void e2fsprogsInSbinKeepsItsNamesBeforeBusyboxApplets() throws IOException {
        Path e2fsprogs = deb("e2fsprogs", new DebBuilder().dir("./sbin/", 0755)
                .file("./sbin/mke2fs", 0755, "real mke2fs").symlink("./sbin/mkfs.ext4", "mke2fs")
                .file("./sbin/e2fsck", 0755, "real e2fsck").symlink("./sbin/fsck.ext4", "e2fsck"));

        FileTree root = step(List.of(busybox("e2fsck", "mke2fs", "mkfs.ext4", "fsck.ext4", "mkfs.ext2"), e2fsprogs),
                overlay("etc/motd", "hi\n")).run().value().whole();

        assertEquals("real mke2fs", text(root, "usr/sbin/mke2fs"));
        assertEquals("real e2fsck", text(root, "usr/sbin/e2fsck"));
        assertEquals(new Node.Symlink("mke2fs"), root.get("usr/sbin/mkfs.ext4").orElseThrow());
        for (String shadow : List.of("mke2fs", "e2fsck", "mkfs.ext4", "fsck.ext4")) {
            assertFalse(root.contains("usr/bin/" + shadow), "busybox applet link usr/bin/" + shadow);
        }
        // A name e2fsprogs does not ship stays busybox's.
        assertEquals(new Node.Symlink("busybox"), root.get("usr/bin/mkfs.ext2").orElseThrow());
    }

    /** dnsmasq-base without libdbus (as if its package were declared not followed) fails the build, not the device. */
    @Test
    void aProgramWhoseSharedLibraryIsLeftOutFailsTheBuild() throws IOException {
        Path dnsmasq = deb("dnsmasq-base", new DebBuilder().dir("./usr/sbin/", 0755).file("./usr/sbin/dnsmasq", 0755,
                TestElf.linked(Optional.empty(), List.of("libdbus-1.so.3"), Optional.empty())));

        BuildException e = assertThrows(BuildException.class,
                () -> step(List.of(busybox(), dnsmasq), overlay("etc/hosts", "h")).run());

        assertEquals("laying out the root: 1 shared-library link(s) not met, usr/sbin/dnsmasq links libdbus-1.so.3,"
                + " which is in none of [/usr/lib/aarch64-linux-gnu, /usr/lib]. If a package named in "
                + dir.resolve("board/common/packages-not-followed") + " ships it, remove it from there (or add the"
                + " package to " + dir.resolve("board/common/packages") + ") and run scripts/build --update-lock",
                e.getMessage());
    }
}
