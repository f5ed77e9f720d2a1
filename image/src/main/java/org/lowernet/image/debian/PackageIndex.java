package org.lowernet.image.debian;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The packages of one architecture, from the Packages files of one or more suites: real packages by
 * name (every version offered, highest first, whichever suite offers it) and, for virtual names, the
 * packages that provide them. Packages of other architectures than the requested one and "all" are
 * skipped. Each package remembers the suite that listed it.
 */
public final class PackageIndex {

    /** The fields {@link #toPackage} reads; the rest of a stanza (descriptions, tags, maintainers) is skipped. */
    private static final Set<String> FIELDS = caseInsensitive("Package", "Version", "Architecture", "Pre-Depends",
            "Depends", "Provides", "Filename", "Size", "SHA256");

    private final Set<String> architectures;
    private final Map<String, List<BinaryPackage>> byName = new HashMap<>();
    private final Map<String, Set<String>> providers = new HashMap<>();

    public PackageIndex(String architecture) {
        this.architectures = Set.of(architecture, "all");
    }

    /** Adds every stanza of a Packages file of {@code suite}. */
    public void addPackagesFile(BufferedReader reader, String source, String suite) throws IOException {
        ControlFile.parse(reader, source, FIELDS::contains, p -> add(toPackage(p, source, suite)));
    }

    public void add(BinaryPackage pkg) {
        if (!architectures.contains(pkg.architecture())) {
            return;
        }
        List<BinaryPackage> versions = byName.computeIfAbsent(pkg.name(), n -> new ArrayList<>());
        // The same version in two components or suites (or listed twice) is one package: the first listing
        // wins, so a version that reached the release itself is taken from there rather than from -security.
        if (versions.stream().anyMatch(v -> v.version().equals(pkg.version()))) {
            return;
        }
        versions.add(pkg);
        versions.sort(Comparator.comparing(BinaryPackage::version).reversed());
        for (Relation provided : pkg.provides()) {
            providers.computeIfAbsent(provided.name(), n -> new TreeSet<>()).add(pkg.name());
        }
    }

    /** Versions of a real package, highest first; empty if there is no package of that name. */
    public List<BinaryPackage> versions(String name) {
        return List.copyOf(byName.getOrDefault(name, List.of()));
    }

    /** Names of packages that provide {@code name}, sorted. */
    public List<String> providersOf(String name) {
        return List.copyOf(providers.getOrDefault(name, Set.of()));
    }

    public int size() {
        return byName.size();
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return Collections.unmodifiableSet(set);
    }

    private static BinaryPackage toPackage(ControlFile.Paragraph p, String source, String suite) {
        String what = source + " (package at line " + p.line() + ")";
        String name = p.require("Package", what);
        try {
            return new BinaryPackage(
                    name,
                    DebianVersion.parse(p.require("Version", what)),
                    p.require("Architecture", what),
                    suite,
                    Relation.parseDepends(p.get("Pre-Depends").orElse("")),
                    Relation.parseDepends(p.get("Depends").orElse("")),
                    Relation.parseProvides(p.get("Provides").orElse("")),
                    p.require("Filename", what),
                    Long.parseLong(p.require("Size", what)),
                    p.require("SHA256", what));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ", package " + name + ": " + e.getMessage(), e);
        }
    }
}
