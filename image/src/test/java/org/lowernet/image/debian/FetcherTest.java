package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.hash.Sha256;

class FetcherTest {

    // The fetcher reports from its download threads.
    private final List<String> progress = new CopyOnWriteArrayList<>();

    private static PinnedPackage pin(String name, byte[] data) {
        return new PinnedPackage(name, "1.0-1", "arm64", "pool/main/" + name + "_1.0-1_arm64.deb", data.length,
                Sha256.hex(data), "trixie");
    }

    private static byte[] deb(String name) {
        return ("!<arch>\nnot really a deb: " + name + "\n").repeat(200).getBytes(StandardCharsets.US_ASCII);
    }

    private Fetcher fetcher(Mirror mirror, Path cacheDir) {
        return new Fetcher(Archives.single(mirror), new PackageCache(cacheDir), progress::add);
    }

    private static List<Path> cacheFiles(Path cacheDir) throws IOException {
        try (Stream<Path> s = Files.list(cacheDir.resolve("debs"))) {
            return s.toList();
        }
    }

    @Test
    void downloadsVerifiesAndThenServesFromTheCacheWithoutRequests(@TempDir Path cache) throws IOException {
        try (LoopbackMirror server = new LoopbackMirror()) {
            List<PinnedPackage> pins = new ArrayList<>();
            for (String name : List.of("libc6", "busybox-static", "zlib1g", "libgcc-s1", "libstdc++6")) {
                server.put("pool/main/" + name + "_1.0-1_arm64.deb", deb(name));
                pins.add(pin(name, deb(name)));
            }
            Map<String, Path> paths = fetcher(server.mirror(), cache).fetch(pins);
            assertEquals(List.of("libc6", "busybox-static", "zlib1g", "libgcc-s1", "libstdc++6"),
                    List.copyOf(paths.keySet()));
            assertArrayEquals(deb("zlib1g"), Files.readAllBytes(paths.get("zlib1g")));
            assertEquals(cache.resolve("debs/zlib1g_" + pins.get(2).sha256() + ".deb"), paths.get("zlib1g"));
            assertEquals(5, server.requests());
            assertTrue(progress.contains("fetching libc6 1.0-1 (7 KiB)"), progress.toString());

            // A new run (new cache object) re-hashes the files but makes no request.
            Map<String, Path> again = fetcher(server.mirror(), cache).fetch(pins);
            assertEquals(paths, again);
            assertEquals(5, server.requests());
            assertEquals(5, cacheFiles(cache).size());
        }
    }

    @Test
    void aDamagedCachedFileIsFetchedAgain(@TempDir Path cache) throws IOException {
        try (LoopbackMirror server = new LoopbackMirror()) {
            server.put("pool/main/libc6_1.0-1_arm64.deb", deb("libc6"));
            PinnedPackage pin = pin("libc6", deb("libc6"));
            Path file = fetcher(server.mirror(), cache).fetch(List.of(pin)).get("libc6");
            byte[] damaged = deb("libc6");
            damaged[10] ^= 1;
            Files.write(file, damaged);
            fetcher(server.mirror(), cache).fetch(List.of(pin));
            assertArrayEquals(deb("libc6"), Files.readAllBytes(file));
            assertEquals(2, server.requests());
        }
    }

    @Test
    void hashMismatchFailsAndLeavesNoFile(@TempDir Path cache) throws IOException {
        try (LoopbackMirror server = new LoopbackMirror()) {
            byte[] served = deb("libc6");
            byte[] expected = served.clone();
            expected[0] = 'X';
            server.put("pool/main/libc6_1.0-1_arm64.deb", served);
            PinnedPackage pin = pin("libc6", expected);
            var e = assertThrows(IOException.class, () -> fetcher(server.mirror(), cache).fetch(List.of(pin)));
            assertEquals("sha256 mismatch for libc6 1.0-1 from " + server.mirror().resolve(pin.filename())
                    + ": expected " + pin.sha256() + ", got " + Sha256.hex(served)
                    + "; the download was damaged or the mirror serves a different file", e.getMessage());
            assertEquals(List.of(), cacheFiles(cache));
        }
    }

    @Test
    void aLongerFileIsRefusedToo(@TempDir Path cache) throws IOException {
        try (LoopbackMirror server = new LoopbackMirror()) {
            byte[] served = deb("libc6");
            server.put("pool/main/libc6_1.0-1_arm64.deb", served);
            PinnedPackage pin = pin("libc6", java.util.Arrays.copyOf(served, 100));
            var e = assertThrows(IOException.class, () -> fetcher(server.mirror(), cache).fetch(List.of(pin)));
            assertTrue(e.getMessage().startsWith("size mismatch for libc6 1.0-1"), e.getMessage());
            assertEquals(List.of(), cacheFiles(cache));
        }
    }

    @Test
    void notFoundSaysTheLockfileIsStale(@TempDir Path cache) throws IOException {
        try (LoopbackMirror server = new LoopbackMirror()) {
            PinnedPackage pin = pin("dnsmasq-base", deb("x"));
            var e = assertThrows(IOException.class, () -> fetcher(server.mirror(), cache).fetch(List.of(pin)));
            assertEquals("lockfile entry dnsmasq-base 1.0-1 is no longer on the mirror "
                    + server.mirror().resolve(pin.filename()) + "; run scripts/build --update-lock, or name an archive"
                    + " that still has it with --fallback-mirror URL (e.g. a snapshot of the Debian archive from when"
                    + " the lock was made)", e.getMessage());
        }
    }

    private Fetcher withFallbacks(Mirror mirror, Path cacheDir, Mirror... fallbacks) {
        return new Fetcher(new Archives(mirror, Optional.of(mirror), "", List.of(fallbacks)),
                new PackageCache(cacheDir), progress::add);
    }

    @Test
    void aFileThePoolForgotIsFetchedFromTheFallbackAndVerified(@TempDir Path cache) throws IOException {
        try (LoopbackMirror primary = new LoopbackMirror(); LoopbackMirror empty = new LoopbackMirror();
                LoopbackMirror snapshot = new LoopbackMirror()) {
            PinnedPackage kept = pin("libc6", deb("libc6"));
            PinnedPackage forgotten = pin("dnsmasq-base", deb("dnsmasq-base"));
            primary.put(kept.filename(), deb("libc6"));
            snapshot.put(forgotten.filename(), deb("dnsmasq-base"));
            snapshot.put(kept.filename(), "never asked for".getBytes(StandardCharsets.US_ASCII));

            Map<String, Path> paths = withFallbacks(primary.mirror(), cache, empty.mirror(), snapshot.mirror())
                    .fetch(List.of(kept, forgotten));

            assertArrayEquals(deb("dnsmasq-base"), Files.readAllBytes(paths.get("dnsmasq-base")));
            assertArrayEquals(deb("libc6"), Files.readAllBytes(paths.get("libc6")));
            assertEquals(2, primary.requests());
            assertEquals(1, empty.requests(), "the first fallback was asked for the forgotten file only");
            assertEquals(1, snapshot.requests(), "the fallback was asked only for the forgotten file");
            assertTrue(progress.contains("dnsmasq-base 1.0-1 is no longer on " + primary.mirror()
                    + "; fetching it from the fallback mirror " + snapshot.mirror()), progress.toString());
        }
    }

    @Test
    void aWrongFileOnTheFallbackIsRefused(@TempDir Path cache) throws IOException {
        try (LoopbackMirror primary = new LoopbackMirror(); LoopbackMirror snapshot = new LoopbackMirror()) {
            PinnedPackage forgotten = pin("dnsmasq-base", deb("dnsmasq-base"));
            byte[] other = deb("dnsmasq-base");
            other[3] ^= 1;
            snapshot.put(forgotten.filename(), other);

            var e = assertThrows(IOException.class, () -> withFallbacks(primary.mirror(), cache, snapshot.mirror())
                    .fetch(List.of(forgotten)));

            assertEquals("sha256 mismatch for dnsmasq-base 1.0-1 from " + snapshot.mirror().resolve(forgotten.filename())
                    + ": expected " + forgotten.sha256() + ", got " + Sha256.hex(other) + "; the fallback mirror serves"
                    + " a different file than the lock names, refused (is it an archive, e.g. a snapshot, that had"
                    + " this exact version?)", e.getMessage());
            assertEquals(List.of(), cacheFiles(cache));
        }
    }

    @Test
    void aFileMissingEverywhereNamesEveryPlaceTried(@TempDir Path cache) throws IOException {
        try (LoopbackMirror primary = new LoopbackMirror(); LoopbackMirror snapshot = new LoopbackMirror()) {
            PinnedPackage forgotten = pin("dnsmasq-base", deb("dnsmasq-base"));
            var e = assertThrows(IOException.class, () -> withFallbacks(primary.mirror(), cache, snapshot.mirror())
                    .fetch(List.of(forgotten)));
            assertEquals("lockfile entry dnsmasq-base 1.0-1 is no longer on the mirror "
                    + primary.mirror().resolve(forgotten.filename()) + " nor on the fallback mirrors ("
                    + snapshot.mirror().resolve(forgotten.filename()) + "); run scripts/build --update-lock, or name a"
                    + " fallback archive that has this version", e.getMessage());
        }
    }

    @Test
    void unreachableMirrorWithColdCacheSaysBoth(@TempDir Path cache) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Mirror closed = new Mirror(URI.create("http://127.0.0.1:" + port + "/debian"));
        PinnedPackage pin = pin("libc6", deb("libc6"));
        var e = assertThrows(IOException.class, () -> fetcher(closed, cache).fetch(List.of(pin)));
        assertTrue(e.getMessage().startsWith("cannot reach the Debian mirror http://127.0.0.1:" + port + "/debian/ ("),
                e.getMessage());
        assertTrue(e.getMessage().endsWith(") and libc6 is not in the cache " + cache), e.getMessage());
    }
}
