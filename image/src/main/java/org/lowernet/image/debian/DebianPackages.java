package org.lowernet.image.debian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.Map;
import java.util.function.Consumer;

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
    private final MirrorClient client;
    private final PackageCache cache;
    private final Path lockfile;
    private final Consumer<String> progress;

    public DebianPackages(Distribution distribution, Mirror mirror, PackageCache cache, Path lockfile,
            Consumer<String> progress) {
        this(distribution, mirror, ArchiveKeys.debian(), cache, lockfile, progress);
    }

    /** With other archive keys than Debian's: for tests and for archives that mirror Debian's layout. */
    public DebianPackages(Distribution distribution, Mirror mirror, ArchiveKeys keys, PackageCache cache,
            Path lockfile, Consumer<String> progress) {
        this.distribution = distribution;
        this.keys = keys;
        this.client = new MirrorClient(mirror);
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
        ArchiveIndex archive = new ArchiveIndex(client, new InReleaseVerifier(keys), progress);
        PackageIndex index = archive.load(distribution);
        List<PinnedPackage> resolved = new ArrayList<>(Resolver.resolve(index, distribution.scope(), roots));
        SortedMap<String, String> pinnedParts = new TreeMap<>();
        for (String part : parts) {
            PinnedPackage pinned = Resolver.part(index, distribution.scope(), part);
            pinnedParts.put(part, pinned.name());
            if (resolved.stream().noneMatch(p -> p.name().equals(pinned.name()))) {
                resolved.add(pinned);
            }
        }
        Lockfile lock = new Lockfile(distribution, roots, pinnedParts, resolved);
        if (lockfile.getParent() != null) {
            Files.createDirectories(lockfile.getParent());
        }
        lock.write(lockfile);
        progress.accept("locked " + resolved.size() + " packages (" + totalSize(resolved) / 1024 + " KiB) in "
                + lockfile);
        return lock;
    }

    /** The committed lockfile, checked against the declared roots and this builder's distribution. */
    public Lockfile readLock(List<String> declaredRoots) throws IOException {
        return readLock(declaredRoots, List.of());
    }

    /** The committed lockfile, checked against the declared roots and parts. */
    public Lockfile readLock(List<String> declaredRoots, List<String> declaredParts) throws IOException {
        if (!Files.isRegularFile(lockfile)) {
            throw new IOException("no Debian lockfile at " + lockfile + "; run scripts/build --update-lock");
        }
        Lockfile lock = Lockfile.read(lockfile);
        if (!lock.distribution().equals(distribution)) {
            throw new IOException(lockfile + " was made for " + lock.distribution().scope() + " "
                    + lock.distribution().architecture() + ", the builder wants " + distribution.scope() + " "
                    + distribution.architecture() + "; run scripts/build --update-lock");
        }
        if (!lock.matchesRoots(declaredRoots) || !lock.matchesParts(declaredParts)) {
            throw new IOException("the declared packages changed since the lockfile " + lockfile + " was made"
                    + " (locked " + lock.roots() + " + parts " + lock.parts().keySet() + ", declared "
                    + List.copyOf(new java.util.TreeSet<>(declaredRoots)) + " + parts " + new java.util.TreeSet<>(declaredParts)
                    + "); run scripts/build --update-lock");
        }
        return lock;
    }

    /** Network only for .debs missing from the cache. */
    public Fetched fetch(Lockfile lock) throws IOException {
        return new Fetched(new Fetcher(client, cache, progress).fetch(lock.packages()));
    }

    static long totalSize(List<PinnedPackage> packages) {
        return packages.stream().mapToLong(PinnedPackage::size).sum();
    }
}
