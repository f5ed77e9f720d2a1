package org.lowernet.image.debian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.lowernet.runtime.hash.Sha256;

/**
 * The one entry point the build uses: turn declared root package names into a committed lockfile
 * ({@link #update}), and a lockfile into verified .deb files in the cache ({@link #fetch}).
 */
public final class DebianPackages {

    /** The verified .debs of a lockfile: in lockfile order, and by package name. */
    public record Fetched(Map<String, Path> byName) {
        public Fetched {
            byName = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byName));
        }

        public List<Path> paths() {
            return List.copyOf(byName.values());
        }

        public Path path(String name) {
            Path path = byName.get(name);
            if (path == null) {
                throw new IllegalArgumentException("package " + name + " is not in the lockfile; add it to the"
                        + " declared packages and run scripts/build --update-lock");
            }
            return path;
        }
    }

    private final Distribution distribution;
    private final ArchiveKeys keys;
    private final Archives archives;
    private final PackageCache cache;
    private final Path lockfile;
    private final Consumer<String> progress;

    public DebianPackages(Distribution distribution, Archives archives, PackageCache cache, Path lockfile,
            Consumer<String> progress) {
        this(distribution, archives, ArchiveKeys.debian(), cache, lockfile, progress);
    }

    /** One mirror carrying every suite, with other archive keys than Debian's: for tests. */
    public DebianPackages(Distribution distribution, Mirror mirror, ArchiveKeys keys, PackageCache cache,
            Path lockfile, Consumer<String> progress) {
        this(distribution, Archives.single(mirror), keys, cache, lockfile, progress);
    }

    /** With other archive keys than Debian's: for tests and for archives that mirror Debian's layout. */
    public DebianPackages(Distribution distribution, Archives archives, ArchiveKeys keys, PackageCache cache,
            Path lockfile, Consumer<String> progress) {
        this.distribution = distribution;
        this.keys = keys;
        this.archives = archives;
        this.cache = cache;
        this.lockfile = lockfile;
        this.progress = progress;
    }

    /** Network: verified index, dependency closure of {@code roots}, lockfile written and returned. */
    public Lockfile update(List<String> roots) throws IOException {
        return update(roots, List.of());
    }

    /** As {@link #update(List)}, plus parts: packages pinned without their dependencies. */
    public Lockfile update(List<String> roots, List<String> parts) throws IOException {
        return update(roots, parts, NotFollowed.NONE);
    }

    /** As {@link #update(List, List)}, taking a dependency on a package not followed as met. */
    public Lockfile update(List<String> roots, List<String> parts, NotFollowed notFollowed) throws IOException {
        PackageIndex index = loadIndex(progress);
        List<PinnedPackage> resolved = new ArrayList<>(Resolver.resolve(index, distribution.scope(), roots,
                notFollowed.names()));
        SortedMap<String, String> pinnedParts = new TreeMap<>();
        for (String part : parts) {
            PinnedPackage pinned = Resolver.part(index, distribution.scope(), part);
            pinnedParts.put(part, pinned.name());
            if (resolved.stream().noneMatch(p -> p.name().equals(pinned.name()))) {
                resolved.add(pinned);
            }
        }
        Lockfile lock = new Lockfile(distribution, roots, notFollowed.names(), pinnedParts, resolved);
        if (lockfile.getParent() != null) {
            Files.createDirectories(lockfile.getParent());
        }
        lock.write(lockfile);
        progress.accept("locked " + resolved.size() + " packages (" + totalSize(resolved) / 1024 + " KiB) in "
                + lockfile + ": " + perSuite(resolved));
        return lock;
    }

    /** "40 from trixie, 2 from trixie-updates, 13 from trixie-security", in the distribution's suite order. */
    public String perSuite(List<PinnedPackage> packages) {
        return String.join(", ", distribution.suites().stream()
                .map(suite -> packages.stream().filter(p -> p.suite().equals(suite)).count() + " from " + suite)
                .toList());
    }

    /**
     * Network, the lock untouched: how far {@code lock} is behind today's verified index of this builder's
     * suites. Throws when an index cannot be fetched or verified, or the roots no longer resolve. The answer
     * is kept in the cache under a hash of the lock and of the index hashes the signed Releases name, so
     * while neither changes a check costs one InRelease per suite (parsing Debian's index takes seconds).
     */
    public Behind behind(Lockfile lock) throws IOException {
        ArchiveIndex archive = archive(s -> { });
        ArchiveIndex.Releases releases = archive.releases(distribution);
        String key = Sha256.hex((lock.format() + "\n" + String.join(" ", distribution.suites()) + "\n"
                + releases.fingerprint()).getBytes(StandardCharsets.UTF_8));
        Path memo = cache.dir().resolve("lock-checks").resolve(key);
        if (Files.isRegularFile(memo)) {
            try {
                return Behind.fromText(Files.readString(memo, StandardCharsets.UTF_8));
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(memo); // a damaged note is only a lost shortcut
            }
        }
        Behind behind = Behind.compare(lock, archive.load(distribution, releases), distribution.suites());
        Files.createDirectories(memo.getParent());
        Path tmp = Files.createTempFile(memo.getParent(), key, ".part");
        Files.writeString(tmp, behind.toText(), StandardCharsets.UTF_8);
        Files.move(tmp, memo, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return behind;
    }

    private PackageIndex loadIndex(Consumer<String> say) throws IOException {
        return archive(say).load(distribution);
    }

    private ArchiveIndex archive(Consumer<String> say) {
        return new ArchiveIndex(archives, new InReleaseVerifier(keys), say, Optional.of(cache.indexesDir()));
    }

    /** The committed lockfile, checked against the declared roots and this builder's distribution. */
    public Lockfile readLock(List<String> declaredRoots) throws IOException {
        return readLock(declaredRoots, List.of());
    }

    /** The committed lockfile, checked against the declared roots and parts. */
    public Lockfile readLock(List<String> declaredRoots, List<String> declaredParts) throws IOException {
        return readLock(declaredRoots, declaredParts, NotFollowed.NONE);
    }

    /** The committed lockfile, checked against the declared roots, parts and packages not followed. */
    public Lockfile readLock(List<String> declaredRoots, List<String> declaredParts, NotFollowed notFollowed)
            throws IOException {
        if (!Files.isRegularFile(lockfile)) {
            throw new IOException("no Debian lockfile at " + lockfile + "; run scripts/build --update-lock");
        }
        Lockfile lock = Lockfile.read(lockfile);
        Distribution locked = lock.distribution();
        // A lock made from fewer of the suites is still a valid lock (only perhaps behind); one that took
        // packages from a suite the builder no longer reads, or other components, is not.
        if (!locked.components().equals(distribution.components())
                || !locked.architecture().equals(distribution.architecture())
                || !distribution.suites().containsAll(locked.suites())) {
            throw new IOException(lockfile + " was made for " + locked.scope() + " "
                    + locked.architecture() + ", the builder wants " + distribution.scope() + " "
                    + distribution.architecture() + "; run scripts/build --update-lock");
        }
        if (!locked.suites().equals(distribution.suites())) {
            List<String> missing = distribution.suites().stream().filter(s -> !locked.suites().contains(s)).toList();
            progress.accept(lockfile + " was resolved from " + String.join(", ", locked.suites()) + " only, without "
                    + String.join(", ", missing) + "; run scripts/build --update-lock to take their packages");
        }
        if (!lock.matchesRoots(declaredRoots) || !lock.matchesParts(declaredParts)) {
            throw new IOException("the declared packages changed since the lockfile " + lockfile + " was made"
                    + " (locked " + lock.roots() + " + parts " + lock.parts().keySet() + ", declared "
                    + List.copyOf(new java.util.TreeSet<>(declaredRoots)) + " + parts " + new java.util.TreeSet<>(declaredParts)
                    + "); run scripts/build --update-lock");
        }
        if (!lock.matchesNotFollowed(notFollowed.names())) {
            throw new IOException("the packages not followed changed since the lockfile " + lockfile + " was made"
                    + " (locked " + lock.notFollowed() + ", declared " + notFollowed.names()
                    + "); run scripts/build --update-lock");
        }
        return lock;
    }

    /** Network only for .debs missing from the cache. */
    public Fetched fetch(Lockfile lock) throws IOException {
        return new Fetched(new Fetcher(archives, cache, progress).fetch(lock.packages()));
    }

    static long totalSize(List<PinnedPackage> packages) {
        return packages.stream().mapToLong(PinnedPackage::size).sum();
    }
}
