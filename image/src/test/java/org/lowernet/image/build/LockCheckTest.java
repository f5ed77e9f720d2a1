package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.board.Boards;
import org.lowernet.image.debian.Archives;
import org.lowernet.image.debian.Behind;
import org.lowernet.image.debian.DebianPackages;
import org.lowernet.image.debian.Lockfile;
import org.lowernet.image.debian.LoopbackMirror;
import org.lowernet.image.debian.PackageCache;
import org.lowernet.image.debian.TestArchive;
import org.lowernet.image.debian.TestArchive.Deb;
import org.lowernet.image.debian.TestSigner;

/**
 * What a build says about its lock, on a copy of the project whose packages and lock come from a generated
 * archive on 127.0.0.1 (trixie and -updates on one mirror, -security on another), signed by a generated key.
 */
class LockCheckTest {

    private static final List<String> COMPONENTS = List.of("main", "non-free-firmware");
    private static final Deb FIRMWARE = new Deb("raspi-firmware", "1:1.20250430-4", "all", "", "non-free-firmware",
            "pool/non-free-firmware");
    private static final Deb JDK = new Deb("openjdk-25-jdk-headless", "25.0.3+9-2~deb13u1");

    @TempDir
    Path dir;

    private TestSigner signer;
    private Path project;
    private Path runtime;

    @BeforeEach
    void copyProject() throws Exception {
        signer = new TestSigner(11);
        project = ProjectCopy.of(ImageIT.PROJECT, dir.resolve("project"));
        Files.writeString(project.resolve("board/common/packages"), "dnsmasq-base\ndropbear-bin\n");
        // This archive's dnsmasq-base depends on libc6 only: nothing to leave out.
        Files.writeString(project.resolve("board/common/packages-not-followed"), "# none\n");
        runtime = dir.resolve("runtime");
        Files.createDirectories(runtime.resolve("lib"));
        Files.createDirectories(runtime.resolve("bin"));
        Files.writeString(runtime.resolve("bin/lowernet"), "#!/bin/sh\n");
    }

    private static List<Deb> release(String libc, String kernel) {
        Deb image = new Deb("linux-image-" + kernel + "+deb13-arm64", kernel + "-1");
        return List.of(new Deb("dnsmasq-base", "2.91-1+deb13u2").depending("libc6 (>= 2.38)"),
                new Deb("dropbear-bin", "2025.88-1").depending("libc6"), new Deb("libc6", libc),
                new Deb("linux-image-arm64", kernel + "-1").depending(image.name() + " (= " + kernel + "-1)"), image,
                FIRMWARE, JDK);
    }

    @Test
    void theBuildSaysInOneLineHowFarBehindTheLockIsAndLeavesItAlone() throws Exception {
        try (LoopbackMirror debian = new LoopbackMirror(); LoopbackMirror security = new LoopbackMirror()) {
            DebianPackages packages = packages(debian, security);
            Lockfile lock = lockThen(debian, security, packages);
            byte[] locked = Files.readAllBytes(project.resolve("image/debian.lock"));

            // Today: a point release, and a dnsmasq security fix.
            TestArchive.publish(debian, signer, "trixie", COMPONENTS, release("2.41-13", "6.12.117"));
            TestArchive.publish(security, signer, "trixie-security", COMPONENTS, List.of(
                    new Deb("dnsmasq-base", "2.91-1+deb13u3").depending("libc6 (>= 2.38)").inSecurityPool()));
            Behind behind = packages.behind(lock);
            assertEquals("lock is behind: 3 packages newer, 1 from trixie-security: dnsmasq-base, libc6,"
                    + " linux-image-6.12.107+deb13-arm64; run scripts/build --update-lock", behind.line());

            List<String> out = build("--mirror", debian.mirror().toString(), "--security-mirror",
                    security.mirror().toString());
            assertEquals(List.of(behind.line()), out.stream().filter(l -> l.startsWith("lock is")).toList());
            assertEquals(-1, java.util.Arrays.mismatch(locked, Files.readAllBytes(project.resolve("image/debian.lock"))),
                    "the build changed the lock");

            // Verbose: one more line per package.
            ByteArrayOutputStream verbose = new ByteArrayOutputStream();
            new ImageBuilder(Main.parse(args("--mirror", debian.mirror().toString(), "--security-mirror",
                    security.mirror().toString()), true).validated(), new PrintStream(verbose, true, StandardCharsets.UTF_8),
                    signer.keys()).fetch();
            String said = verbose.toString(StandardCharsets.UTF_8);
            for (String detail : behind.details()) {
                assertTrue(said.contains(detail + "\n"), said);
            }
            assertTrue(said.contains("  newer: dnsmasq-base 2.91-1+deb13u2 -> 2.91-1+deb13u3 (trixie-security)\n"), said);
        }
    }

    @Test
    void offlineTheBuildSaysItCouldNotCheckAndGoesOnFromTheCache() throws Exception {
        try (LoopbackMirror debian = new LoopbackMirror(); LoopbackMirror security = new LoopbackMirror()) {
            DebianPackages packages = packages(debian, security);
            packages.fetch(lockThen(debian, security, packages));
        }
        List<String> out = build("--mirror", ImageIT.OFFLINE_MIRROR, "--security-mirror", ImageIT.OFFLINE_SECURITY_MIRROR);
        List<String> said = out.stream().filter(l -> l.startsWith("could not check")).toList();
        assertEquals(1, said.size(), out.toString());
        assertTrue(said.getFirst().startsWith("could not check whether the lock is behind the archive (cannot reach"
                + " the Debian mirror " + ImageIT.OFFLINE_MIRROR + "/ ("), said.getFirst());
        assertTrue(said.getFirst().endsWith("); building from the lock and the cache"), said.getFirst());
        // The check runs beside the build, so its line may come before or after the packages' own.
        assertTrue(out.stream().anyMatch(l -> l.startsWith("packages   6 packages")), out.toString());
    }

    /** The day the lock was made: the release only; the lock written into the project copy. */
    private Lockfile lockThen(LoopbackMirror debian, LoopbackMirror security, DebianPackages packages) throws Exception {
        TestArchive.publish(debian, signer, "trixie", COMPONENTS, release("2.41-12", "6.12.107"));
        TestArchive.publish(debian, signer, "trixie-updates", COMPONENTS, List.of());
        TestArchive.publish(security, signer, "trixie-security", COMPONENTS, List.of());
        Boards boards = Boards.read(project.resolve("board"));
        return packages.update(boards.commonList("packages"), boards.facts().parts(), boards.notFollowed());
    }

    private DebianPackages packages(LoopbackMirror debian, LoopbackMirror security) {
        return new DebianPackages(Boards.read(project.resolve("board")).facts().debian(),
                new Archives(debian.mirror(), Optional.of(security.mirror()), "", List.of()), signer.keys(),
                new PackageCache(dir.resolve("cache")), project.resolve("image/debian.lock"), s -> { });
    }

    private String[] args(String... extra) {
        List<String> args = new ArrayList<>(List.of("--project", project.toString(), "--runtime", runtime.toString(),
                "--output", dir.resolve("out").toString(), "--cache", dir.resolve("cache").toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /**
     * {@code lowernet build --fetch-only} with the generated archive's key instead of Debian's: through
     * {@link ImageBuilder#fetch()} as Main runs it; returns what it printed.
     */
    private List<String> build(String... extra) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuildContext context = Main.parse(args(extra)).validated();
        new ImageBuilder(context, new PrintStream(out, true, StandardCharsets.UTF_8), signer.keys()).fetch();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
