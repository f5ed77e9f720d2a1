package org.lowernet.image.debian;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Computes the closure of root packages over Pre-Depends and Depends (Recommends and Suggests are
 * not followed: the image carries only what is needed). Rules, in order, for each dependency group:
 * a group already satisfied by a selected package (by name or Provides) is done; otherwise the first
 * alternative that can be satisfied wins; for one relation a real package of that name is preferred,
 * at its highest acceptable version, then providers in name order. Conflicts and Breaks are not
 * checked: the image unpacks packages, it does not run their maintainer scripts; two packages that
 * ship one path fail the build when the root is laid out. A dependency group naming a package the image
 * does not follow ({@link NotFollowed}, by name or as a provider of a virtual name) counts as met, unless
 * another of its alternatives is already selected; such a package is never selected. Declaring a root not
 * followed, or one nothing in the closure depends on, is an error.
 */
public final class Resolver {

    private final PackageIndex index;
    private final String scope;
    private final Map<String, BinaryPackage> selected = new HashMap<>();
    private final Map<String, String> neededBy = new HashMap<>();
    private final Set<String> notFollowed;
    private final Set<String> notFollowedMet = new HashSet<>();

    private Resolver(PackageIndex index, String scope, Collection<String> notFollowed) {
        this.index = index;
        this.scope = scope;
        this.notFollowed = Set.copyOf(notFollowed);
    }

    /**
     * The closure of {@code roots} (package names, optionally with a version constraint), sorted by name.
     * {@code scope} names where packages were looked for, for messages: "trixie main/non-free-firmware".
     */
    public static List<PinnedPackage> resolve(PackageIndex index, String scope, List<String> roots) {
        return resolve(index, scope, roots, List.of());
    }

    /** As {@link #resolve(PackageIndex, String, List)}, taking a dependency on any of {@code notFollowed} as met. */
    public static List<PinnedPackage> resolve(PackageIndex index, String scope, List<String> roots,
            Collection<String> notFollowed) {
        Resolver resolver = new Resolver(index, scope, notFollowed);
        for (String root : roots) {
            String name = Relation.parse(root).name();
            if (resolver.notFollowed.contains(name)) {
                throw new IllegalArgumentException(name + " is declared both as a package to install and as one"
                        + " not followed; keep one of the two");
            }
        }
        List<PinnedPackage> closure = resolver.closure(roots);
        Set<String> unneeded = new TreeSet<>(resolver.notFollowed);
        unneeded.removeAll(resolver.notFollowedMet);
        if (!unneeded.isEmpty()) {
            throw new IllegalArgumentException("nothing the declared packages depend on names " + String.join(", ", unneeded)
                    + " in " + scope + ", yet it is declared not followed; remove it from the packages not followed");
        }
        return closure;
    }

    /** How many metapackages {@link #part} follows before it gives up: Debian's chains are one deep. */
    private static final int MAX_METAPACKAGE_HOPS = 4;

    /**
     * A package the build takes files from, without its dependencies. A metapackage (its only dependency
     * one exact version of one package, as {@code linux-image-arm64}) is followed to that package.
     */
    public static PinnedPackage part(PackageIndex index, String scope, String name) {
        Resolver resolver = new Resolver(index, scope, List.of());
        Relation relation = Relation.parse(name);
        BinaryPackage pkg = resolver.choose(relation).orElseThrow(() -> new IllegalArgumentException(
                "cannot resolve part '" + relation + "': " + resolver.whyNot(relation)));
        for (int hops = 0; hops < MAX_METAPACKAGE_HOPS && isMetapackage(pkg); hops++) {
            BinaryPackage meta = pkg;
            resolver.neededBy.put(meta.dependencies().getFirst().getFirst().name(), meta.name());
            resolver.selected.put(meta.name(), meta);
            pkg = resolver.choose(meta.dependencies().getFirst().getFirst())
                    .orElseThrow(() -> resolver.unresolvable(meta.dependencies().getFirst(), meta));
        }
        return pkg.pin();
    }

    private static boolean isMetapackage(BinaryPackage pkg) {
        List<List<Relation>> groups = pkg.dependencies();
        return groups.size() == 1 && groups.getFirst().size() == 1
                && groups.getFirst().getFirst().constraint().map(c -> c.op() == Relation.Op.EQUAL).orElse(false);
    }

    private List<PinnedPackage> closure(List<String> roots) {
        Deque<BinaryPackage> pending = new ArrayDeque<>();
        for (String root : roots) {
            Relation relation = Relation.parse(root);
            if (satisfiedBySelection(relation)) {
                continue;
            }
            BinaryPackage pkg = choose(relation).orElseThrow(() -> new IllegalArgumentException(
                    "cannot resolve root package '" + relation + "': " + whyNot(relation)));
            select(pkg, null, pending);
        }
        while (!pending.isEmpty()) {
            BinaryPackage pkg = pending.removeFirst();
            for (List<Relation> group : pkg.dependencies()) {
                if (group.stream().anyMatch(this::satisfiedBySelection) || group.stream().anyMatch(this::metByNotFollowed)) {
                    continue;
                }
                BinaryPackage chosen = group.stream().map(this::choose).flatMap(Optional::stream).findFirst()
                        .orElseThrow(() -> unresolvable(group, pkg));
                select(chosen, pkg.name(), pending);
            }
        }
        return selected.values().stream().map(BinaryPackage::pin).sorted().toList();
    }

    private void select(BinaryPackage pkg, String parent, Deque<BinaryPackage> pending) {
        selected.put(pkg.name(), pkg);
        if (parent != null) {
            neededBy.put(pkg.name(), parent);
        }
        pending.addLast(pkg);
    }

    private boolean satisfiedBySelection(Relation relation) {
        BinaryPackage real = selected.get(relation.name());
        if (real != null && real.satisfies(relation)) {
            return true;
        }
        return index.providersOf(relation.name()).stream()
                .map(selected::get)
                .anyMatch(p -> p != null && p.satisfies(relation));
    }

    /** Whether the relation names a package not followed, or a virtual name one of them provides; noted when so. */
    private boolean metByNotFollowed(Relation relation) {
        List<String> names = new ArrayList<>(index.providersOf(relation.name()));
        names.add(relation.name());
        List<String> met = names.stream().filter(notFollowed::contains).toList();
        notFollowedMet.addAll(met);
        return !met.isEmpty();
    }

    /** A package not yet selected that satisfies the relation; one name is selected at one version only. */
    private Optional<BinaryPackage> choose(Relation relation) {
        if (!selected.containsKey(relation.name())) {
            Optional<BinaryPackage> real = index.versions(relation.name()).stream()
                    .filter(p -> relation.acceptsVersion(p.version()))
                    .findFirst();
            if (real.isPresent()) {
                return real;
            }
        }
        for (String provider : index.providersOf(relation.name())) {
            if (selected.containsKey(provider)) {
                continue;
            }
            Optional<BinaryPackage> found = index.versions(provider).stream()
                    .filter(p -> p.satisfies(relation))
                    .findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private IllegalArgumentException unresolvable(List<Relation> group, BinaryPackage pkg) {
        String relations = group.stream().map(Relation::toString).collect(Collectors.joining(" | "));
        String reasons = group.stream().map(this::whyNot).distinct().collect(Collectors.joining("; "));
        return new IllegalArgumentException("cannot resolve '" + relations + "' needed by " + chain(pkg.name())
                + ": " + reasons);
    }

    private String whyNot(Relation relation) {
        BinaryPackage real = selected.get(relation.name());
        if (real != null) {
            return real + " is already selected and does not satisfy " + relation;
        }
        List<String> offered = new ArrayList<>();
        index.versions(relation.name()).forEach(p -> offered.add(p.name() + " " + p.version()));
        index.providersOf(relation.name()).forEach(offered::add);
        if (offered.isEmpty()) {
            return "no package or provider of " + relation.name() + " in " + scope;
        }
        return "no candidate satisfies " + relation + " in " + scope + " (offered: " + String.join(", ", offered) + ")";
    }

    /** "dnsmasq -> dnsmasq-base": the path from a root to the package. */
    private String chain(String name) {
        Deque<String> path = new ArrayDeque<>();
        for (String n = name; n != null && path.size() <= selected.size(); n = neededBy.get(n)) {
            path.addFirst(n);
        }
        return String.join(" -> ", path);
    }
}
