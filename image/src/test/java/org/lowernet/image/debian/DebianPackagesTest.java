package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.hash.Sha256;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** update() and fetch() end to end against a signed loopback mirror. */
class DebianPackagesTest {

    private static byte[] xz(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options())) {
            xz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String stanza(String name, String arch, String depends, String component, byte[] deb) {
        return "Package: " + name + "\nVersion: 1.0-1\nArchitecture: " + arch + "\n" + depends
                + "Filename: pool/" + component + "/" + name + ".deb\nSize: " + deb.length
                + "\nSHA256: " + Sha256.hex(deb) + "\nDescription: test\n more\n\n";
    }

    /** Serves a signed suite with two components; returns the signer's keys. */
    private static ArchiveKeys publish(LoopbackMirror server, String releaseCodename) throws Exception {
        byte[] app = "app".getBytes(StandardCharsets.UTF_8);
        byte[] lib = "lib".getBytes(StandardCharsets.UTF_8);
        byte[] firmware = "firmware".getBytes(StandardCharsets.UTF_8);
        server.put("pool/main/app.deb", app);
        server.put("pool/main/lib.deb", lib);
        server.put("pool/non-free-firmware/firmware.deb", firmware);
        byte[] main = xz(stanza("app", "arm64", "Depends: lib, firmware\n", "main", app)
                + stanza("lib", "all", "", "main", lib));
        byte[] nonFree = xz(stanza("firmware", "arm64", "", "non-free-firmware", firmware));
        server.put("dists/trixie/main/binary-arm64/Packages.xz", main);
        server.put("dists/trixie/non-free-firmware/binary-arm64/Packages.xz", nonFree);
        TestSigner signer = new TestSigner(3);
        String release = signer.clearsign(List.of("Codename: " + releaseCodename, "SHA256:",
                " " + Sha256.hex(main) + " " + main.length + " main/binary-arm64/Packages.xz",
                " " + Sha256.hex(nonFree) + " " + nonFree.length + " non-free-firmware/binary-arm64/Packages.xz"),
                "\n");
        server.put("dists/trixie/InRelease", release.getBytes(StandardCharsets.UTF_8));
        return signer.keys();
    }

    @Test
    void updateWritesTheLockAndFetchReturnsTheDebs(@TempDir Path dir) throws Exception {
        try (LoopbackMirror server = new LoopbackMirror()) {
            ArchiveKeys keys = publish(server, "trixie");
            List<String> progress = new ArrayList<>();
            Path lockPath = dir.resolve("image/debian.lock");
            DebianPackages debian = new DebianPackages(LockfileTest.TRIXIE_ARM64, server.mirror(), keys,
                    new PackageCache(dir.resolve("cache")), lockPath, progress::add);
            Lockfile lock = debian.update(List.of("app"));
            assertEquals(List.of("app", "firmware", "lib"), lock.packages().stream().map(PinnedPackage::name).toList());
            assertEquals(lock, debian.readLock(List.of("app")));
            assertTrue(progress.getFirst().contains("signed by Test Archive Key 3"), progress.toString());

            var fetched = debian.fetch(lock);
            assertArrayEquals("firmware".getBytes(StandardCharsets.UTF_8),
                    Files.readAllBytes(fetched.path("firmware")));
            assertEquals(3, fetched.paths().size());

            var e = assertThrows(IOException.class, () -> debian.readLock(List.of("app", "dnsmasq")));
            assertTrue(e.getMessage().startsWith("the declared packages changed since the lockfile"), e.getMessage());
            assertTrue(e.getMessage().endsWith("run scripts/build --update-lock"), e.getMessage());
        }
    }

    @Test
    void aPackageNotFollowedStaysOutOfTheLockAndAChangeOfThemNeedsANewLock(@TempDir Path dir) throws Exception {
        try (LoopbackMirror server = new LoopbackMirror()) {
            ArchiveKeys keys = publish(server, "trixie");
            Path lockPath = dir.resolve("debian.lock");
            DebianPackages debian = new DebianPackages(LockfileTest.TRIXIE_ARM64, server.mirror(), keys,
                    new PackageCache(dir.resolve("cache")), lockPath, s -> { });
            NotFollowed lib = NotFollowed.parse("lib  the image carries its own\n", "test");
            Lockfile lock = debian.update(List.of("app"), List.of(), lib);
            assertEquals(List.of("app", "firmware"), lock.packages().stream().map(PinnedPackage::name).toList());
            assertTrue(Files.readString(lockPath).contains("\nnot-followed lib\n"), Files.readString(lockPath));
            assertEquals(lock, debian.readLock(List.of("app"), List.of(), lib));
            // Nothing new in the archive: the lock is current, lib is not "added".
            Behind behind = debian.behind(lock);
            assertEquals(List.of(), behind.added());
            assertEquals(List.of(), behind.dropped());
            assertEquals(List.of(), behind.newer());
            // A refresh with the same declarations writes the same lock.
            byte[] first = Files.readAllBytes(lockPath);
            debian.update(List.of("app"), List.of(), lib);
            assertArrayEquals(first, Files.readAllBytes(lockPath));

            var e = assertThrows(IOException.class, () -> debian.readLock(List.of("app"), List.of(), NotFollowed.NONE));
            assertEquals("the packages not followed changed since the lockfile " + lockPath + " was made (locked [lib],"
                    + " declared []); run scripts/build --update-lock", e.getMessage());
            // Following lib again brings it back.
            assertEquals(List.of("app", "firmware", "lib"), debian.update(List.of("app"), List.of(), NotFollowed.NONE)
                    .packages().stream().map(PinnedPackage::name).toList());
        }
    }

    @Test
    void aTamperedIndexOrWrongCodenameIsRefused(@TempDir Path dir) throws Exception {
        try (LoopbackMirror server = new LoopbackMirror()) {
            ArchiveKeys keys = publish(server, "trixie");
            server.put("dists/trixie/non-free-firmware/binary-arm64/Packages.xz", xz("Package: evil\n"));
            DebianPackages debian = new DebianPackages(LockfileTest.TRIXIE_ARM64, server.mirror(), keys,
                    new PackageCache(dir.resolve("cache")), dir.resolve("debian.lock"), s -> { });
            var e = assertThrows(IOException.class, () -> debian.update(List.of("app")));
            assertTrue(e.getMessage().contains("does not match the signed Release"), e.getMessage());
            assertTrue(Files.notExists(dir.resolve("debian.lock")));

            ArchiveKeys forky = publish(server, "forky");
            DebianPackages renamed = new DebianPackages(LockfileTest.TRIXIE_ARM64, server.mirror(), forky,
                    new PackageCache(dir.resolve("cache")), dir.resolve("debian.lock"), s -> { });
            var e2 = assertThrows(IllegalArgumentException.class, () -> renamed.update(List.of("app")));
            assertTrue(e2.getMessage().contains("Codename 'forky'"), e2.getMessage());
        }
    }
}
