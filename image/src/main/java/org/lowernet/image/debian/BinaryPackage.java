package org.lowernet.image.debian;

import java.util.List;

/** One stanza of a Packages file, reduced to what resolving and fetching need, and the suite it was listed in. */
public record BinaryPackage(
        String name,
        DebianVersion version,
        String architecture,
        String suite,
        List<List<Relation>> preDepends,
        List<List<Relation>> depends,
        List<Relation> provides,
        String filename,
        long size,
        String sha256) {

    public BinaryPackage {
        preDepends = List.copyOf(preDepends);
        depends = List.copyOf(depends);
        provides = List.copyOf(provides);
    }

    /** Pre-Depends first: they must be unpacked before this package, so they come first in the closure. */
    public List<List<Relation>> dependencies() {
        return java.util.stream.Stream.concat(preDepends.stream(), depends.stream()).toList();
    }

    /** Whether this package satisfies the relation, by its own name and version or by a Provides entry. */
    public boolean satisfies(Relation relation) {
        if (name.equals(relation.name()) && relation.acceptsVersion(version)) {
            return true;
        }
        return provides.stream().anyMatch(p -> providesFor(p, relation));
    }

    /**
     * Policy 7.5: an unversioned Provides never satisfies a versioned relation; a versioned one
     * ({@code foo (= 1.2)}) is checked against the relation like a real version.
     */
    static boolean providesFor(Relation provided, Relation relation) {
        if (!provided.name().equals(relation.name())) {
            return false;
        }
        if (relation.constraint().isEmpty()) {
            return true;
        }
        return provided.constraint().map(c -> relation.acceptsVersion(c.version())).orElse(false);
    }

    public PinnedPackage pin() {
        return new PinnedPackage(name, version.toString(), architecture, filename, size, sha256, suite);
    }

    @Override
    public String toString() {
        return name + " " + version + " " + architecture;
    }
}
