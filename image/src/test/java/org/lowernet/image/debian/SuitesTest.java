package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.debian.TestArchive.Deb;

/**
 * Three suites from two archives, as lowernet reads Debian: trixie and trixie-updates from the mirror,
 * trixie-security from the security archive, every InRelease signed by a generated key.
 */
class SuitesTest {

    static final Distribution THREE_SUITES = new Distribution(List.of("trixie", "trixie-updates", "trixie-security"),
            List.of("main", "non-free-firmware"), "arm64");
    static final List<String> COMPONENTS = List.of("main", "non-free-firmware");

    static final Deb FIRMWARE = new Deb("firmware", "1.0", "arm64", "", "non-free-firmware", "pool/non-free-firmware");

    /** trixie has app, lib, firmware and data; -updates a newer lib; -security a fixed app and an older lib fix. */
    static void publishToday(LoopbackMirror debian, LoopbackMirror security, TestSigner signer) throws Exception {
        TestArchive.publish(debian, signer, "trixie", COMPONENTS, List.of(
                new Deb("app", "1.0-1").depending("lib (>= 1.0), firmware, data"),
                new Deb("lib", "1.0-1"), new Deb("data", "2.0-1"), FIRMWARE));
        TestArchive.publish(debian, signer, "trixie-updates", COMPONENTS, List.of(new Deb("lib", "1.1-1")));
        TestArchive.publish(security, signer, "trixie-security", COMPONENTS, List.of(
                new Deb("app", "1.0-1+deb13u1").depending("lib (>= 1.0), firmware, data").inSecurityPool(),
                new Deb("lib", "1.0-1+deb13u1").inSecurityPool(),
                // Already folded into the release by a point release: the same version is taken from trixie.
                new Deb("data", "2.0-1").inSecurityPool()));
    }

    static Archives archives(LoopbackMirror debian, LoopbackMirror security) {
        return new Archives(debian.mirror(), Optional.of(security.mirror()), "no security mirror for %s", List.of());
    }

    static Map<String, String> versionsAndSuites(Lockfile lock) {
        return lock.packages().stream().collect(Collectors.toMap(PinnedPackage::name,
                p -> p.version() + " " + p.suite(), (a, b) -> a, TreeMap::new));
    }

    @Test
    void theHighestVersionAcrossTheSuitesWinsAndItsSuiteIsLockedAndFetchedFromItsArchive(@TempDir Path dir)
            throws Exception {
        TestSigner signer = new TestSigner(5);
        try (LoopbackMirror debian = new LoopbackMirror(); LoopbackMirror security = new LoopbackMirror()) {
            publishToday(debian, security, signer);
            List<String> progress = new ArrayList<>();
            Path lockPath = dir.resolve("debian.lock");
            DebianPackages packages = new DebianPackages(THREE_SUITES, archives(debian, security), signer.keys(),
                    new PackageCache(dir.resolve("cache")), lockPath, progress::add);

            Lockfile lock = packages.update(List.of("app"));

            assertEquals(Map.of("app", "1.0-1+deb13u1 trixie-security", "lib", "1.1-1 trixie-updates",
                    "data", "2.0-1 trixie", "firmware", "1.0 trixie"), versionsAndSuites(lock));
            assertTrue(Files.readString(lockPath).contains("\nsuites trixie trixie-updates trixie-security\n"));
            assertTrue(Files.readString(lockPath).contains("\npackage app 1.0-1+deb13u1 arm64 trixie-security "),
                    Files.readString(lockPath));
            assertEquals(lock, Lockfile.read(lockPath));
            assertTrue(progress.stream().anyMatch(l -> l.startsWith("verified " + security.mirror()
                    + "dists/trixie-security/InRelease, signed by Test Archive Key 5")), progress.toString());
            assertTrue(progress.getLast().endsWith(": 2 from trixie, 1 from trixie-updates, 1 from trixie-security"),
                    progress.getLast());

            int securityRequests = security.requests();
            var fetched = packages.fetch(lock);
            assertArrayEquals(new Deb("app", "1.0-1+deb13u1").bytes(), Files.readAllBytes(fetched.path("app")));
            assertEquals(securityRequests + 1, security.requests(), "only app comes from the security archive");
        }
    }

    @Test
    void aSecuritySuiteWithoutASecurityMirrorSaysHowToConfigureOne(@TempDir Path dir) throws Exception {
        TestSigner signer = new TestSigner(5);
        try (LoopbackMirror debian = new LoopbackMirror(); LoopbackMirror security = new LoopbackMirror()) {
            publishToday(debian, security, signer);
            Archives none = new Archives(debian.mirror(), Optional.empty(), Mirror.noSecurityMirror("%s", dir), List.of());
            DebianPackages packages = new DebianPackages(THREE_SUITES, none, signer.keys(),
                    new PackageCache(dir.resolve("cache")), dir.resolve("debian.lock"), s -> { });
            var e = assertThrows(IOException.class, () -> packages.update(List.of("app")));
            assertTrue(e.getMessage().startsWith("no Debian security mirror configured for trixie-security: give"
                    + " --security-mirror URL, or set LOWERNET_DEBIAN_SECURITY_MIRROR"), e.getMessage());
            assertTrue(Files.notExists(dir.resolve("debian.lock")));
        }
    }

    @Test
    void aSecurityIndexSignedByAnUnknownKeyIsRefused(@TempDir Path dir) throws Exception {
        TestSigner signer = new TestSigner(5);
        try (LoopbackMirror debian = new LoopbackMirror(); LoopbackMirror security = new LoopbackMirror()) {
            publishToday(debian, security, signer);
            TestArchive.publish(security, new TestSigner(6), "trixie-security", COMPONENTS,
                    List.of(new Deb("app", "9.9")));
            DebianPackages packages = new DebianPackages(THREE_SUITES, archives(debian, security), signer.keys(),
                    new PackageCache(dir.resolve("cache")), dir.resolve("debian.lock"), s -> { });
            var e = assertThrows(IOException.class, () -> packages.update(List.of("app")));
            assertTrue(e.getMessage().startsWith(security.mirror() + "dists/trixie-security/InRelease: no signature"
                    + " from a known Debian archive key"), e.getMessage());
        }
    }

    /** A lock resolved from the release alone (format 1) still builds; the builder says it lacks suites. */
    @Test
    void aLockFromFewerSuitesIsReadAndNamedAsSuch(@TempDir Path dir) throws Exception {
        Path lockPath = dir.resolve("debian.lock");
        Files.writeString(lockPath, LockfileTest.FORMAT_1);
        List<String> progress = new ArrayList<>();
        DebianPackages packages = new DebianPackages(THREE_SUITES, Archives.single(LockfileTest.NOWHERE),
                new TestSigner(5).keys(), new PackageCache(dir.resolve("cache")), lockPath, progress::add);
        Lockfile lock = packages.readLock(List.of("busybox-static", "zlib1g"));
        assertEquals(List.of("trixie"), lock.distribution().suites());
        assertEquals(List.of(lockPath + " was resolved from trixie only, without trixie-updates, trixie-security;"
                + " run scripts/build --update-lock to take their packages"), progress);

        DebianPackages bookworm = new DebianPackages(new Distribution(List.of("bookworm", "bookworm-security"),
                List.of("main", "non-free-firmware"), "arm64"), Archives.single(LockfileTest.NOWHERE),
                new TestSigner(5).keys(), new PackageCache(dir.resolve("cache")), lockPath, s -> { });
        var e = assertThrows(IOException.class, () -> bookworm.readLock(List.of("busybox-static", "zlib1g")));
        assertTrue(e.getMessage().endsWith("was made for trixie main/non-free-firmware arm64, the builder wants"
                + " bookworm + bookworm-security main/non-free-firmware arm64; run scripts/build --update-lock"),
                e.getMessage());
    }
}
