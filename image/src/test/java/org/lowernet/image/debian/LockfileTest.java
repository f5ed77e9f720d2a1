package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockfileTest {

    /** lowernet's target, as board/common/image.conf names it. */
    static final Distribution TRIXIE_ARM64 =
            new Distribution("trixie", List.of("main", "non-free-firmware"), "arm64");

    static final String SHA_A = "a".repeat(64);
    static final String SHA_B = "b".repeat(64);

    /** A mirror no test ever reaches: for code paths that must not fetch. */
    static final Mirror NOWHERE = new Mirror(java.net.URI.create("http://127.0.0.1:9/debian"));

    /** {@link #sample()} as format 1 wrote it: one suite, package lines without a suite. */
    static final String FORMAT_1 = "# lowernet Debian lockfile, format 1. Written by scripts/build --update-lock;"
            + " do not edit by hand.\n"
            + "suite trixie\ncomponents main non-free-firmware\narchitecture arm64\n"
            + "root busybox-static\nroot zlib1g\n"
            + "package busybox-static 1:1.37.0-6 arm64 " + SHA_A
            + " 1000000 pool/main/b/busybox/busybox-static_1.37.0-6_arm64.deb\n"
            + "package zlib1g 1:1.3.dfsg+really1.3.1-1+b1 arm64 " + SHA_B
            + " 86000 pool/main/z/zlib/zlib1g_1.3.dfsg+really1.3.1-1+b1_arm64.deb\n";

    static Lockfile sample() {
        return new Lockfile(TRIXIE_ARM64, List.of("zlib1g", "busybox-static", "zlib1g"), List.of(
                new PinnedPackage("zlib1g", "1:1.3.dfsg+really1.3.1-1+b1", "arm64",
                        "pool/main/z/zlib/zlib1g_1.3.dfsg+really1.3.1-1+b1_arm64.deb", 86_000, SHA_B, "trixie"),
                new PinnedPackage("busybox-static", "1:1.37.0-6", "arm64",
                        "pool/main/b/busybox/busybox-static_1.37.0-6_arm64.deb", 1_000_000, SHA_A, "trixie")));
    }

    @Test
    void packagesNotFollowedAreKeptSortedAndRoundTrip() {
        Lockfile plain = sample();
        Lockfile lock = new Lockfile(TRIXIE_ARM64, plain.roots(), List.of("passwd", "debconf", "passwd"), plain.parts(),
                plain.packages());
        assertEquals(List.of("debconf", "passwd"), lock.notFollowed());
        assertTrue(lock.format().contains("\nroot zlib1g\nnot-followed debconf\nnot-followed passwd\npackage "),
                lock.format());
        assertEquals(lock, Lockfile.parse(lock.format(), "debian.lock"));
        assertTrue(lock.matchesNotFollowed(List.of("passwd", "debconf")));
        assertFalse(plain.matchesNotFollowed(List.of("passwd")));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Lockfile.parse(lock.format().replace("not-followed debconf", "not-followed debconf passwd"), "x.lock"));
        assertTrue(e.getMessage().startsWith("x.lock line 7: 'not-followed' takes one value, got 2"), e.getMessage());
    }

    @Test
    void formatIsSortedStableAndRoundTrips(@TempDir Path dir) throws IOException {
        Lockfile lock = sample();
        assertEquals(Lockfile.HEADER + "\n"
                + "suites trixie\ncomponents main non-free-firmware\narchitecture arm64\n"
                + "root busybox-static\nroot zlib1g\n"
                + "package busybox-static 1:1.37.0-6 arm64 trixie " + SHA_A
                + " 1000000 pool/main/b/busybox/busybox-static_1.37.0-6_arm64.deb\n"
                + "package zlib1g 1:1.3.dfsg+really1.3.1-1+b1 arm64 trixie " + SHA_B
                + " 86000 pool/main/z/zlib/zlib1g_1.3.dfsg+really1.3.1-1+b1_arm64.deb\n", lock.format());
        assertTrue(Lockfile.HEADER.startsWith("# lowernet Debian lockfile, format 2."));
        Path file = dir.resolve("debian.lock");
        lock.write(file);
        Lockfile back = Lockfile.read(file);
        assertEquals(lock, back);
        assertEquals(lock.format(), back.format());
    }

    @Test
    void rootsCompareWithoutOrderOrDuplicates() {
        assertTrue(sample().matchesRoots(List.of("busybox-static", "zlib1g")));
        assertTrue(sample().matchesRoots(List.of("zlib1g", "busybox-static", "busybox-static")));
        assertFalse(sample().matchesRoots(List.of("zlib1g")));
    }

    @Test
    void badLinesAreReportedWithTheirNumber() {
        String good = FORMAT_1;
        assertLineError(good.replace(" 1000000 ", " lots "), "x line 7: size 'lots' of busybox-static is not a number");
        assertLineError(good.replace(SHA_A, "XYZ"), "x line 7: bad sha256 'XYZ' for busybox-static");
        assertLineError(good.replace(" 1000000 pool", " 1000000"), "x line 7: a package line has 6 fields");
        assertLineError(good.replace("suite trixie", "suite trixie bookworm"), "x line 2: 'suite' takes one value");
        assertLineError(good + "pakage x\n", "x line 9: unknown keyword 'pakage'");
        assertLineError(good.replace("1:1.37.0-6", "1:"), "x line 7: ");
        assertLineError(good.replace("pool/main/b", "../../b"), "x line 7: bad filename");
        var e = assertThrows(IllegalArgumentException.class, () -> Lockfile.parse("root a\n", "x"));
        assertTrue(e.getMessage().contains("missing suite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Lockfile.parse(good + good.lines()
                .filter(l -> l.startsWith("package busybox")).findFirst().orElseThrow() + "\n", "x"));
        assertTrue(e.getMessage().contains("locked twice"), e.getMessage());
    }

    @Test
    void formatOneIsReadAsOneSuite() {
        Lockfile old = Lockfile.parse(FORMAT_1, "x");
        assertEquals(sample(), old);
        assertTrue(old.packages().stream().allMatch(p -> p.suite().equals("trixie")));
    }

    @Test
    void formatTwoRecordsEachPackagesSuiteAndChecksIt() {
        Distribution three = new Distribution(List.of("trixie", "trixie-updates", "trixie-security"),
                List.of("main"), "arm64");
        PinnedPackage fixed = new PinnedPackage("dnsmasq-base", "2.91-1+deb13u3", "arm64",
                "pool/updates/main/d/dnsmasq/dnsmasq-base_2.91-1+deb13u3_arm64.deb", 483_428, SHA_A, "trixie-security");
        Lockfile lock = new Lockfile(three, List.of("dnsmasq-base"), List.of(fixed));
        String text = lock.format();
        assertTrue(text.contains("\nsuites trixie trixie-updates trixie-security\n"), text);
        assertTrue(text.contains("\npackage dnsmasq-base 2.91-1+deb13u3 arm64 trixie-security " + SHA_A + " 483428 "),
                text);
        assertEquals(lock, Lockfile.parse(text, "x"));

        assertLineError(text.replace(" trixie-security " + SHA_A, " " + SHA_A), "x line 6: a package line has 7 fields");
        assertLineError(text.replace(" trixie-security " + SHA_A, " Trixie " + SHA_A), "x line 6: bad suite 'Trixie'");
        var e = assertThrows(IllegalArgumentException.class, () -> Lockfile.parse(text.replace(
                "suites trixie trixie-updates trixie-security", "suites trixie"), "x"));
        assertTrue(e.getMessage().startsWith("x: package dnsmasq-base is from suite trixie-security, which is not one"
                + " of the lock's suites [trixie]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Lockfile.parse("suite trixie\n" + text, "x"));
        assertTrue(e.getMessage().contains("both a format 1 'suite' and a format 2 'suites' line"), e.getMessage());
    }

    private static void assertLineError(String text, String expectedStart) {
        var e = assertThrows(IllegalArgumentException.class, () -> Lockfile.parse(text, "x"));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
        assertTrue(e.getMessage().endsWith("scripts/build --update-lock"), e.getMessage());
    }
}
