package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.debian.TestArchive.Deb;

/** The lock against a newer archive: exactly what --update-lock would change, and the lock left alone. */
class BehindTest {

    private static final List<String> COMPONENTS = SuitesTest.COMPONENTS;
    private static final Deb KERNEL_OLD = new Deb("linux-image-6.12.107+deb13-arm64", "6.12.107-1");
    private static final Deb KERNEL_NEW = new Deb("linux-image-6.12.117+deb13-arm64", "6.12.117-1");

    /** The day the lock was made: only the release. */
    private static void publishThen(LoopbackMirror debian, LoopbackMirror security, TestSigner signer) throws Exception {
        TestArchive.publish(debian, signer, "trixie", COMPONENTS, List.of(
                new Deb("dnsmasq-base", "2.91-1").depending("libc6 (>= 2.38)"),
                new Deb("dropbear-bin", "2025.88-1").depending("libc6, zlib1g"),
                new Deb("libc6", "2.41-12"), new Deb("zlib1g", "1:1.3.1-1"), new Deb("netbase", "6.5"),
                new Deb("linux-image-arm64", "6.12.107-1").depending(KERNEL_OLD.name() + " (= 6.12.107-1)"),
                KERNEL_OLD));
        TestArchive.publish(debian, signer, "trixie-updates", COMPONENTS, List.of());
        TestArchive.publish(security, signer, "trixie-security", COMPONENTS, List.of());
    }

    /**
     * Today: a point release moved libc6 and the kernel (whose package name carries its version); -updates
     * has a netbase; -security fixes dnsmasq-base and zlib1g. dropbear-bin is unchanged.
     */
    private static void publishToday(LoopbackMirror debian, LoopbackMirror security, TestSigner signer)
            throws Exception {
        TestArchive.publish(debian, signer, "trixie", COMPONENTS, List.of(
                new Deb("dnsmasq-base", "2.91-1").depending("libc6 (>= 2.38)"),
                new Deb("dropbear-bin", "2025.88-1").depending("libc6, zlib1g"),
                new Deb("libc6", "2.41-13"), new Deb("zlib1g", "1:1.3.1-1"), new Deb("netbase", "6.5"),
                new Deb("linux-image-arm64", "6.12.117-1").depending(KERNEL_NEW.name() + " (= 6.12.117-1)"),
                KERNEL_NEW));
        TestArchive.publish(debian, signer, "trixie-updates", COMPONENTS, List.of(new Deb("netbase", "6.5+deb13u1")));
        TestArchive.publish(security, signer, "trixie-security", COMPONENTS, List.of(
                new Deb("dnsmasq-base", "2.91-1+deb13u1").depending("libc6 (>= 2.38)").inSecurityPool(),
                new Deb("zlib1g", "1:1.3.1-1+deb13u1").inSecurityPool()));
    }

    @Test
    void theReportNamesExactlyTheNewerPackagesAndThoseFromSecurityAndLeavesTheLock(@TempDir Path dir)
            throws Exception {
        TestSigner signer = new TestSigner(9);
        try (LoopbackMirror debian = new LoopbackMirror(); LoopbackMirror security = new LoopbackMirror()) {
            publishThen(debian, security, signer);
            Path lockPath = dir.resolve("debian.lock");
            DebianPackages packages = new DebianPackages(SuitesTest.THREE_SUITES,
                    SuitesTest.archives(debian, security), signer.keys(), new PackageCache(dir.resolve("cache")),
                    lockPath, s -> { });
            Lockfile lock = packages.update(List.of("dnsmasq-base", "dropbear-bin", "netbase"),
                    List.of("linux-image-arm64"));
            assertTrue(packages.behind(lock).current());
            assertEquals("lock is current: nothing newer in trixie, trixie-updates, trixie-security",
                    packages.behind(lock).line());

            publishToday(debian, security, signer);
            byte[] before = Files.readAllBytes(lockPath);
            Behind behind = packages.behind(lock);

            assertEquals(List.of("dnsmasq-base", "zlib1g", "libc6", "linux-image-6.12.107+deb13-arm64", "netbase"),
                    behind.newer().stream().map(u -> u.locked().name()).toList());
            assertEquals(List.of("dnsmasq-base", "zlib1g"),
                    behind.fromSecurity().stream().map(u -> u.locked().name()).toList());
            assertEquals(List.of(), behind.added());
            assertEquals(List.of(), behind.dropped());
            assertEquals("lock is behind: 5 packages newer, 2 from trixie-security: dnsmasq-base, zlib1g, libc6,"
                    + " linux-image-6.12.107+deb13-arm64, netbase; run scripts/build --update-lock", behind.line());
            assertEquals(List.of(
                    "  newer: dnsmasq-base 2.91-1 -> 2.91-1+deb13u1 (trixie-security)",
                    "  newer: zlib1g 1:1.3.1-1 -> 1:1.3.1-1+deb13u1 (trixie-security)",
                    "  newer: libc6 2.41-12 -> 2.41-13 (trixie)",
                    "  newer: linux-image-6.12.107+deb13-arm64 6.12.107-1 -> linux-image-6.12.117+deb13-arm64"
                            + " 6.12.117-1 (trixie)",
                    "  newer: netbase 6.5 -> 6.5+deb13u1 (trixie-updates)"), behind.details());
            assertEquals(-1, java.util.Arrays.mismatch(before, Files.readAllBytes(lockPath)), "the lock changed");

            // Again: the answer is kept for this lock and these signed index hashes, so a check costs one
            // InRelease per suite; without that note the verified Packages.xz files come from the cache.
            int debianBefore = debian.requests();
            int securityBefore = security.requests();
            assertEquals(behind, packages.behind(lock));
            try (var notes = Files.list(dir.resolve("cache/lock-checks"))) {
                for (Path note : notes.toList()) {
                    Files.delete(note);
                }
            }
            assertEquals(behind, packages.behind(lock));
            assertEquals(Behind.fromText(behind.toText()), behind);
            assertEquals(4, debian.requests() - debianBefore, "InRelease of trixie and trixie-updates only, twice");
            assertEquals(2, security.requests() - securityBefore, "InRelease of trixie-security only, twice");
        }
    }

    @Test
    void manyChangesStayOnOneLineAndNewOrDroppedDependenciesCount() {
        Distribution trixie = SuitesTest.THREE_SUITES;
        List<Behind.Update> updates = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            updates.add(new Behind.Update(new Deb("lib" + i, "1").pin("trixie"), new Deb("lib" + i, "2").pin("trixie")));
        }
        Behind behind = new Behind(updates, List.of(new Deb("libnew", "1").pin("trixie-security")),
                List.of(new Deb("libold", "1").pin("trixie")), trixie.suites());
        assertEquals("lock is behind: 8 packages newer, 1 new dependency, 1 no longer needed: lib0, lib1, lib2,"
                + " lib3, lib4, lib5 and 4 more (--verbose lists them); run scripts/build --update-lock", behind.line());
        assertEquals(1, behind.line().lines().count());
        assertEquals(10, behind.details().size());
        assertTrue(new Behind(List.of(), List.of(), List.of(), trixie.suites()).current());
    }
}
