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
import org.lowernet.image.hash.Sha256;

/**
 * Brings locked .debs into the {@link PackageCache}: cached and verified files are used as they are;
 * others are downloaded to a temporary file in the cache directory while being hashed, checked for
 * size and SHA-256, and only then moved into place, so the cache never holds an unverified file.
 * A few downloads run at once: mirrors serve many small files faster that way.
 */
public final class Fetcher {

    static final int PARALLEL_DOWNLOADS = 3;

    private final MirrorClient client;
    private final PackageCache cache;
    private final Consumer<String> progress;

    public Fetcher(MirrorClient client, PackageCache cache, Consumer<String> progress) {
        this.client = client;
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
        String url = client.mirror().resolve(p.filename()).toString();
        progress.accept("fetching " + p.name() + " " + p.version() + " (" + humanSize(p.size()) + ")");
        Path target = cache.pathOf(p);
        Path tmp = Files.createTempFile(cache.debsDir(), p.name() + "_", ".part");
        try {
            MessageDigest digest = Sha256.digest();
            long written = copy(p, url, tmp, digest);
            String sha256 = Sha256.hex(digest);
            if (written != p.size()) {
                throw new IOException("size mismatch for " + p.name() + " " + p.version() + " from " + url
                        + ": expected " + p.size() + " bytes, got " + written + (written > p.size() ? " or more" : "")
                        + "; the mirror may be broken or mid-update, try again or run scripts/build --update-lock");
            }
            if (!sha256.equals(p.sha256())) {
                throw new IOException("sha256 mismatch for " + p.name() + " " + p.version() + " from " + url
                        + ": expected " + p.sha256() + ", got " + sha256
                        + "; the download was damaged or the mirror serves a different file");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        cache.verified(target);
        return target;
    }

    /** Copies at most size + 1 bytes, hashing them, and returns how many were written. */
    private long copy(PinnedPackage p, String url, Path tmp, MessageDigest digest) throws IOException {
        try (InputStream in = open(p, url); OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; total <= p.size() && (n = in.read(buffer)) > 0; total += n) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            return total;
        }
    }

    private InputStream open(PinnedPackage p, String url) throws IOException {
        try {
            return client.open(p.filename());
        } catch (MirrorClient.Failure e) {
            throw new IOException(switch (e.kind()) {
                case NOT_FOUND -> "lockfile entry " + p.name() + " " + p.version() + " is no longer on the mirror "
                        + url + "; run scripts/build --update-lock";
                case UNREACHABLE -> "cannot reach the Debian mirror " + client.mirror() + " (" + e.reason() + ") and "
                        + p.name() + " is not in the cache " + cache.dir();
                case HTTP_ERROR -> "fetching " + p.name() + " " + p.version() + " from " + url + ": " + e.reason();
            }, e);
        }
    }

    private static String humanSize(long bytes) {
        return bytes < 1024 * 1024
                ? (bytes + 1023) / 1024 + " KiB"
                : String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
