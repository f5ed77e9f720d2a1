package org.lowernet.image.debian;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.lowernet.runtime.hash.Sha256;
import org.tukaani.xz.XZInputStream;

/**
 * Loads the package index of a {@link Distribution} the way apt does, suite by suite from the suite's
 * archive ({@link Archives}): fetch {@code dists/<suite>/InRelease}, verify its signature, check its
 * Codename, then fetch each {@code <component>/binary-<arch>/Packages.xz}, check size and SHA-256
 * against the verified Release and parse it. Nothing unverified reaches the {@link PackageIndex}; the
 * suites go in in the distribution's order, so the release's listing of a version wins over a later
 * suite's listing of the same version. With a cache folder, a {@code Packages.xz} is kept under its
 * SHA-256 and not fetched again while the signed Release names that hash (the release's index changes
 * only at point releases): then a check costs one InRelease per suite.
 */
public final class ArchiveIndex {

    /** An InRelease above this is not one: Debian's are about 150 KB. */
    private static final long IN_RELEASE_LIMIT = 16L << 20;

    private final Archives archives;
    private final InReleaseVerifier verifier;
    private final Consumer<String> progress;
    private final Optional<Path> cache;

    public ArchiveIndex(Archives archives, InReleaseVerifier verifier, Consumer<String> progress) {
        this(archives, verifier, progress, Optional.empty());
    }

    /** @param cache where verified Packages.xz files are kept by their SHA-256 */
    public ArchiveIndex(Archives archives, InReleaseVerifier verifier, Consumer<String> progress,
            Optional<Path> cache) {
        this.archives = archives;
        this.verifier = verifier;
        this.progress = progress;
        this.cache = cache;
    }

    /**
     * The verified index files each suite's signed Release names for {@code dist}: one InRelease per
     * suite fetched and verified, nothing else. Its fingerprint changes when any of those files does.
     */
    public record Releases(List<SuiteIndex> files) {
        public Releases {
            files = List.copyOf(files);
        }

        /** SHA-256 over every suite's index file names and hashes: equal fingerprints, equal indexes. */
        public String fingerprint() {
            StringBuilder text = new StringBuilder();
            files.forEach(f -> text.append(f.suite()).append(' ').append(f.entry().path()).append(' ')
                    .append(f.entry().sha256()).append('\n'));
            return Sha256.hex(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One Packages.xz of one suite, as its verified Release lists it. */
    public record SuiteIndex(String suite, MirrorClient client, Release.IndexFile entry) {
    }

    /** Every suite of {@code dist}, in its order, into one index. */
    public PackageIndex load(Distribution dist) throws IOException {
        return load(dist, releases(dist));
    }

    /** Network: each suite's InRelease, verified, and the index files it lists for {@code dist}. */
    public Releases releases(Distribution dist) throws IOException {
        List<SuiteIndex> files = new ArrayList<>();
        for (String suite : dist.suites()) {
            MirrorClient client = archives.client(suite);
            String inReleasePath = "dists/" + suite + "/InRelease";
            String source = client.mirror().resolve(inReleasePath).toString();
            byte[] inRelease = fetch(client, inReleasePath, IN_RELEASE_LIMIT);
            InReleaseVerifier.Verified verified = verifier.verify(inRelease, source);
            progress.accept("verified " + source + ", signed by " + String.join("; ", verified.signers()));
            Release release = Release.parse(verified.body(), source).requireCodename(suite, source);
            for (String component : dist.components()) {
                String path = component + "/binary-" + dist.architecture() + "/Packages.xz";
                Release.IndexFile entry = release.file(path).orElseThrow(() -> new IOException(source
                        + " does not list " + path + "; is " + dist.architecture() + " or " + component + " part of "
                        + suite + "?"));
                files.add(new SuiteIndex(suite, client, entry));
            }
        }
        return new Releases(files);
    }

    /** The index files {@code releases} names, each checked against its signed hash, in order, into one index. */
    public PackageIndex load(Distribution dist, Releases releases) throws IOException {
        PackageIndex index = new PackageIndex(dist.architecture());
        for (SuiteIndex file : releases.files()) {
            String suite = file.suite();
            MirrorClient client = file.client();
            Release.IndexFile entry = file.entry();
            String path = entry.path();
            String url = client.mirror().resolve("dists/" + suite + "/" + path).toString();
            Optional<byte[]> cached = cached(entry);
            byte[] xz;
            if (cached.isPresent()) {
                xz = cached.get();
            } else {
                progress.accept("fetching " + url + " (" + entry.size() / 1024 + " KiB)");
                xz = fetch(client, "dists/" + suite + "/" + path, entry.size());
                String sha256 = Sha256.hex(xz);
                if (xz.length != entry.size() || !sha256.equals(entry.sha256())) {
                    throw new IOException("index " + url + " does not match the signed Release: expected "
                            + entry.size() + " bytes with sha256 " + entry.sha256() + ", got " + xz.length
                            + " bytes with " + sha256 + "; the mirror may be mid-update, try again later");
                }
                keep(entry, xz);
            }
            try (InputStream in = new XZInputStream(new ByteArrayInputStream(xz))) {
                index.addPackagesFile(in, url, suite);
            }
        }
        return index;
    }

    /** The verified index file from the cache, if it holds exactly the bytes the signed Release names. */
    private Optional<byte[]> cached(Release.IndexFile entry) throws IOException {
        if (cache.isEmpty()) {
            return Optional.empty();
        }
        Path file = cache.get().resolve(entry.sha256() + ".xz");
        if (!Files.isRegularFile(file) || Files.size(file) != entry.size()) {
            return Optional.empty();
        }
        byte[] xz = Files.readAllBytes(file);
        return Sha256.hex(xz).equals(entry.sha256()) ? Optional.of(xz) : Optional.empty();
    }

    private void keep(Release.IndexFile entry, byte[] xz) throws IOException {
        if (cache.isEmpty()) {
            return;
        }
        Files.createDirectories(cache.get());
        Path tmp = Files.createTempFile(cache.get(), entry.sha256(), ".part");
        try {
            Files.write(tmp, xz);
            Files.move(tmp, cache.get().resolve(entry.sha256() + ".xz"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] fetch(MirrorClient client, String path, long limit) throws IOException {
        try {
            return client.get(path, limit);
        } catch (MirrorClient.Failure e) {
            throw new IOException(switch (e.kind()) {
                case UNREACHABLE -> "cannot reach the Debian mirror " + client.mirror() + " (" + e.reason()
                        + ") to read the package index; check the network or the mirror setting";
                case NOT_FOUND -> e.uri() + " is not on the mirror; is it a Debian archive carrying this suite?";
                case HTTP_ERROR -> "fetching " + e.uri() + ": " + e.reason();
            }, e);
        }
    }
}
