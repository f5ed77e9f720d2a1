package org.lowernet.image.debian;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.lowernet.runtime.hash.Sha256;

/**
 * Brings locked .debs into the {@link PackageCache}: cached and verified files are used as they are;
 * others are downloaded to a temporary file in the cache directory while being hashed, checked for
 * size and SHA-256, and only then moved into place, so the cache never holds an unverified file.
 * Each package comes from its suite's archive; a file that archive no longer has (404: Debian removes
 * superseded versions from the pool) is tried by the same pool path on each fallback archive, and
 * checked against the lock like any download. A few downloads run at once: mirrors serve many small
 * files faster that way.
 */
public final class Fetcher {

    static final int PARALLEL_DOWNLOADS = 3;

    private final Archives archives;
    private final PackageCache cache;
    private final Consumer<String> progress;

    public Fetcher(Archives archives, PackageCache cache, Consumer<String> progress) {
        this.archives = archives;
        this.cache = cache;
        this.progress = progress;
    }

    /** Package name to verified cached file, in the order given. */
    public Map<String, Path> fetch(List<PinnedPackage> packages) throws IOException {
        Files.createDirectories(cache.debsDir());
        List<Future<Path>> futures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_DOWNLOADS);
        try {
            for (PinnedPackage p : packages) {
                futures.add(pool.submit(() -> fetch(p)));
            }
            Map<String, Path> paths = new LinkedHashMap<>();
            for (int i = 0; i < packages.size(); i++) {
                paths.put(packages.get(i).name(), await(futures.get(i)));
            }
            return paths;
        } finally {
            // After a failure the remaining downloads are pointless; after success nothing is running.
            pool.shutdownNow();
            pool.close();
        }
    }

    private static Path await(Future<Path> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching Debian packages", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException("fetching Debian packages", e.getCause());
        }
    }

    Path fetch(PinnedPackage p) throws IOException {
        var cached = cache.lookup(p, progress);
        if (cached.isPresent()) {
            return cached.get();
        }
        MirrorClient client = archives.client(p.suite());
        progress.accept("fetching " + p.name() + " " + p.version() + " (" + humanSize(p.size()) + ")");
        Path target = cache.pathOf(p);
        Path tmp = Files.createTempFile(cache.debsDir(), p.name() + "_", ".part");
        try {
            MessageDigest digest = Sha256.digest();
            Download download = openAnywhere(p, client);
            String url = download.url();
            boolean fallback = download.fallback();
            long written = copy(p, download.in(), tmp, digest);
            String sha256 = Sha256.hex(digest);
            if (written != p.size()) {
                throw new IOException("size mismatch for " + p.name() + " " + p.version() + " from " + url
                        + ": expected " + p.size() + " bytes, got " + written + (written > p.size() ? " or more" : "")
                        + (fallback ? "; the fallback mirror does not serve the file the lock names"
                        : "; the mirror may be broken or mid-update, try again or run scripts/build --update-lock"));
            }
            if (!sha256.equals(p.sha256())) {
                throw new IOException("sha256 mismatch for " + p.name() + " " + p.version() + " from " + url
                        + ": expected " + p.sha256() + ", got " + sha256
                        + (fallback ? "; the fallback mirror serves a different file than the lock names, refused"
                                + " (is it an archive, e.g. a snapshot, that had this exact version?)"
                        : "; the download was damaged or the mirror serves a different file"));
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        cache.verified(target);
        return target;
    }

    /** Copies at most size + 1 bytes, hashing them, and returns how many were written. */
    private long copy(PinnedPackage p, InputStream from, Path tmp, MessageDigest digest) throws IOException {
        try (InputStream in = from; OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; total <= p.size() && (n = in.read(buffer)) > 0; total += n) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            return total;
        }
    }

    /** An open download, where it comes from, and whether that is a fallback archive (explained differently). */
    private record Download(InputStream in, String url, boolean fallback) {
    }

    /** The file from its suite's archive, else (after a 404) from the first fallback archive that has it. */
    private Download openAnywhere(PinnedPackage p, MirrorClient client) throws IOException {
        String url = client.mirror().resolve(p.filename()).toString();
        MirrorClient.Failure notFound;
        try {
            return new Download(client.open(p.filename()), url, false);
        } catch (MirrorClient.Failure e) {
            if (e.kind() != MirrorClient.Failure.Kind.NOT_FOUND) {
                throw explain(p, client, url, e);
            }
            notFound = e;
        }
        List<String> tried = new ArrayList<>();
        for (MirrorClient fallback : archives.fallbacks()) {
            String there = fallback.mirror().resolve(p.filename()).toString();
            try {
                InputStream in = fallback.open(p.filename());
                progress.accept(p.name() + " " + p.version() + " is no longer on " + client.mirror()
                        + "; fetching it from the fallback mirror " + fallback.mirror());
                return new Download(in, there, true);
            } catch (MirrorClient.Failure e) {
                if (e.kind() != MirrorClient.Failure.Kind.NOT_FOUND) {
                    throw explain(p, fallback, there, e);
                }
                tried.add(there);
            }
        }
        if (tried.isEmpty()) {
            throw new IOException("lockfile entry " + p.name() + " " + p.version() + " is no longer on the mirror "
                    + url + "; run scripts/build --update-lock, or name an archive that still has it with"
                    + " --fallback-mirror URL (e.g. a snapshot of the Debian archive from when the lock was made)",
                    notFound);
        }
        throw new IOException("lockfile entry " + p.name() + " " + p.version() + " is no longer on the mirror " + url
                + " nor on the fallback mirrors (" + String.join(", ", tried) + "); run scripts/build --update-lock,"
                + " or name a fallback archive that has this version", notFound);
    }

    private IOException explain(PinnedPackage p, MirrorClient client, String url, MirrorClient.Failure e) {
        return new IOException(switch (e.kind()) {
            case NOT_FOUND -> "lockfile entry " + p.name() + " " + p.version() + " is not on the mirror " + url;
            case UNREACHABLE -> "cannot reach the Debian mirror " + client.mirror() + " (" + e.reason() + ") and "
                    + p.name() + " is not in the cache " + cache.dir();
            case HTTP_ERROR -> "fetching " + p.name() + " " + p.version() + " from " + url + ": " + e.reason();
        }, e);
    }

    private static String humanSize(long bytes) {
        return bytes < 1024 * 1024
                ? (bytes + 1023) / 1024 + " KiB"
                : String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
