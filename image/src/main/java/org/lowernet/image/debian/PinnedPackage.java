package org.lowernet.image.debian;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * One exact .deb: what a lockfile line records and what the fetcher downloads and verifies. The suite
 * says which archive's pool holds the file (a {@code -security} suite: the security archive's).
 */
public record PinnedPackage(String name, String version, String architecture, String filename, long size,
        String sha256, String suite) implements Comparable<PinnedPackage> {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.\\-]+");
    private static final Pattern SUITE = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Comparator<PinnedPackage> ORDER =
            Comparator.comparing(PinnedPackage::name).thenComparing(PinnedPackage::architecture);

    public PinnedPackage {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad package name '" + name + "'");
        }
        DebianVersion.parse(version);
        if (architecture.isBlank() || architecture.contains(" ")) {
            throw new IllegalArgumentException("bad architecture '" + architecture + "' for " + name);
        }
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("bad sha256 '" + sha256 + "' for " + name
                    + "; expected 64 lowercase hex digits");
        }
        if (!SUITE.matcher(suite).matches()) {
            throw new IllegalArgumentException("bad suite '" + suite + "' for " + name
                    + "; expected a suite name such as trixie or trixie-security");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("bad size " + size + " for " + name);
        }
        // The filename becomes a URL path under the mirror: refuse anything that could leave it.
        if (filename.isBlank() || filename.startsWith("/") || filename.contains("..") || filename.contains(" ")) {
            throw new IllegalArgumentException("bad filename '" + filename + "' for " + name
                    + "; expected a pool path such as pool/main/b/busybox/busybox-static_1.37.0-6_arm64.deb");
        }
    }

    @Override
    public int compareTo(PinnedPackage o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return name + " " + version;
    }
}
