package org.lowernet.image.debian;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.lowernet.runtime.hash.Sha256;

/**
 * Where downloaded .debs live between builds: {@code <dir>/debs/<name>_<sha256>.deb}; package indexes
 * under {@code <dir>/indexes/<sha256>.xz}, answers of lock checks under {@code <dir>/lock-checks/}. The hash in
 * the name makes entries immutable, so versions never overwrite each other. A cached file is trusted
 * only after a check: its size every time, its SHA-256 the first time this cache object sees it.
 */
public final class PackageCache {

    private final Path dir;
    private final Map<Path, Boolean> hashedThisRun = new ConcurrentHashMap<>();

    public PackageCache(Path dir) {
        this.dir = dir;
    }

    /** {@code ${XDG_CACHE_HOME:-$HOME/.cache}/lowernet}, as the XDG base directory spec says. */
    public static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "lowernet");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "lowernet");
    }

    public Path dir() {
        return dir;
    }

    public Path debsDir() {
        return dir.resolve("debs");
    }

    /** Verified Packages.xz files, named by their SHA-256 ({@link ArchiveIndex}). */
    public Path indexesDir() {
        return dir.resolve("indexes");
    }

    public Path pathOf(PinnedPackage p) {
        return debsDir().resolve(p.name() + "_" + p.sha256() + ".deb");
    }

    /**
     * The cached file if it is there and correct; a wrong file is deleted (and reported) so that
     * the caller downloads it again.
     */
    public Optional<Path> lookup(PinnedPackage p, java.util.function.Consumer<String> progress) throws IOException {
        Path file = pathOf(p);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        long size = Files.size(file);
        if (size != p.size()) {
            progress.accept("cached " + file + " has " + size + " bytes, expected " + p.size() + "; fetching it again");
            Files.delete(file);
            return Optional.empty();
        }
        if (hashedThisRun.containsKey(file)) {
            return Optional.of(file);
        }
        String sha256 = Sha256.of(file);
        if (!sha256.equals(p.sha256())) {
            progress.accept("cached " + file + " has sha256 " + sha256 + ", expected " + p.sha256()
                    + "; fetching it again");
            Files.delete(file);
            return Optional.empty();
        }
        hashedThisRun.put(file, true);
        return Optional.of(file);
    }

    /** Records that {@code file} was just written and verified, so it need not be hashed again. */
    void verified(Path file) {
        hashedThisRun.put(file, true);
    }
}
