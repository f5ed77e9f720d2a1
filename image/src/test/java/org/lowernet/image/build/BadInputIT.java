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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.debian.Lockfile;
import org.lowernet.image.debian.LoopbackMirror;
import org.lowernet.image.debian.PackageCache;
import org.lowernet.image.debian.PinnedPackage;
import org.lowernet.image.debian.TestSigner;

/**
 * Bad input to the build, each answered by one clear line, a non-zero exit and no file that looks like
 * an image. Runs on a copy of the project's board, overlay and lockfile; mirrors are loopback only.
 */
class BadInputIT {

    static final Path PROJECT = ImageIT.PROJECT;

    @TempDir
    Path dir;

    Path project;
    Path output;
    Path cache;
    Lockfile lock;

    @BeforeEach
    void copyProject() throws IOException {
        project = dir.resolve("project");
        output = dir.resolve("out");
        cache = dir.resolve("cache");
        ProjectCopy.of(PROJECT, project);
        lock = Lockfile.read(project.resolve("image/debian.lock"));
    }

    @Test
    void unknownBoard() {
        String error = failingBuild("--board", "rpi9", "--mirror", ImageIT.OFFLINE_MIRROR);
        assertEquals("lowernet build: unknown board 'rpi9'; known boards: qemu-virt, rpi3, rpi4, rpizero2w", error);
    }

    @Test
    void unsupportedBoardSaysWhy() {
        String error = failingBuild("--board", "rpi5", "--mirror", ImageIT.OFFLINE_MIRROR);
        assertTrue(error.startsWith("lowernet build: board 'rpi5' (Raspberry Pi 5) is not supported: Debian's kernel"),
                error);
    }

    @Test
    void declaredPackageMissingFromTheLockfile() throws IOException {
        Files.writeString(project.resolve("board/common/packages"), "mosquitto\n", java.nio.file.StandardOpenOption.APPEND);
        String error = failingBuild("--mirror", ImageIT.OFFLINE_MIRROR);
        assertTrue(error.contains("the declared packages changed since the lockfile"), error);
        assertTrue(error.endsWith("run scripts/build --update-lock"), error);
    }

    @Test
    void unreachableMirrorWithAColdCache() {
        String error = failingBuild("--mirror", ImageIT.OFFLINE_MIRROR);
        assertTrue(error.startsWith("lowernet build: cannot reach the Debian mirror http://127.0.0.1:9/debian"), error);
        assertTrue(error.contains("is not in the cache " + cache), error);
    }

    @Test
    void aDownloadWithTheWrongHashIsRefused() throws IOException {
        PinnedPackage victim = warmCacheExceptOne();
        try (LoopbackMirror mirror = new LoopbackMirror()) {
            byte[] forged = new byte[(int) victim.size()];
            mirror.put(victim.filename(), forged);
            String error = failingBuild("--mirror", mirror.mirror().base().toString());
            assertTrue(error.contains("sha256 mismatch for " + victim.name() + " " + victim.version()), error);
        }
        try (var files = Files.list(cache.resolve("debs"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(victim.name() + "_")),
                    "the forged download was kept in the cache");
        }
    }

    @Test
    void aLockedPackageNoLongerOnTheMirror() throws IOException {
        PinnedPackage victim = warmCacheExceptOne();
        try (LoopbackMirror mirror = new LoopbackMirror()) {
            String error = failingBuild("--mirror", mirror.mirror().base().toString());
            assertTrue(error.contains("lockfile entry " + victim.name() + " " + victim.version()
                    + " is no longer on the mirror"), error);
            assertTrue(error.contains("run scripts/build --update-lock"), error);
            assertTrue(error.contains("--fallback-mirror URL"), error);
        }
    }

    /** The fallback mirror is trusted for nothing: a file there that is not the locked one is refused. */
    @Test
    void aForgedFileOnTheFallbackMirrorIsRefused() throws IOException {
        PinnedPackage victim = warmCacheExceptOne();
        try (LoopbackMirror mirror = new LoopbackMirror(); LoopbackMirror fallback = new LoopbackMirror()) {
            fallback.put(victim.filename(), new byte[(int) victim.size()]);
            String error = failingBuild("--mirror", mirror.mirror().base().toString(),
                    "--fallback-mirror", fallback.mirror().base().toString());
            assertTrue(error.contains("sha256 mismatch for " + victim.name() + " " + victim.version() + " from "
                    + fallback.mirror().resolve(victim.filename())), error);
            assertTrue(error.contains("the fallback mirror serves a different file than the lock names, refused"), error);
        }
        try (var files = Files.list(cache.resolve("debs"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(victim.name() + "_")),
                    "the forged download was kept in the cache");
        }
    }

    /** An index that Debian's keys did not sign (forged, or altered on the way) stops the update. */
    @Test
    void anIndexNotSignedByDebianStopsTheLockUpdate() throws Exception {
        String forged = new TestSigner(7).clearsign(List.of("Origin: Debian", "Codename: trixie", "SHA256:"), "\n");
        try (LoopbackMirror mirror = new LoopbackMirror()) {
            mirror.put("dists/trixie/InRelease", forged.getBytes(StandardCharsets.UTF_8));
            String error = failingBuild("--update-lock", "--mirror", mirror.mirror().base().toString());
            assertTrue(error.contains("InRelease") && error.contains("signature"), error);
        }
        assertEquals(-1, Files.mismatch(PROJECT.resolve("image/debian.lock"), project.resolve("image/debian.lock")),
                "the lockfile changed although the update failed");
    }

    /** Links every locked .deb from the shared cache into this test's cache except the smallest. */
    private PinnedPackage warmCacheExceptOne() throws IOException {
        PackageCache shared = new PackageCache(PackageCache.defaultDir());
        PackageCache mine = new PackageCache(cache);
        Files.createDirectories(mine.debsDir());
        PinnedPackage smallest = lock.packages().stream()
                .min(java.util.Comparator.comparingLong(PinnedPackage::size)).orElseThrow();
        for (PinnedPackage p : lock.packages()) {
            if (p != smallest && Files.isRegularFile(shared.pathOf(p))) {
                Files.createSymbolicLink(mine.pathOf(p), shared.pathOf(p));
            }
        }
        return smallest;
    }

    /** Runs the build; asserts exit 1, one error line and no image-like file; returns that line. */
    private String failingBuild(String... extra) {
        List<String> args = new ArrayList<>(List.of("--project", project.toString(),
                "--runtime", PROJECT.resolve("runtime/target/lowernet-runtime").toString(),
                "--output", output.toString(), "--cache", cache.toString()));
        // Never apt's security archive from a test: only loopback is a traffic target.
        args.addAll(List.of("--security-mirror", ImageIT.OFFLINE_SECURITY_MIRROR));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String error = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, code, "exit code; stderr: " + error);
        assertEquals(1, error.lines().count(), "one line: " + error);
        assertTrue(error.startsWith("lowernet build: "), error);
        if (Files.isDirectory(output)) {
            try (var files = Files.walk(output)) {
                List<Path> images = files.filter(f -> f.getFileName().toString().matches(".*\\.img(\\.xz|\\.sha256|\\.partial)?$")).toList();
                assertEquals(List.of(), images, "image-like files left behind");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return error;
    }
}
