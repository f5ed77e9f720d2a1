package org.lowernet.image.debian;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * How far a lock is behind the archive: what {@code --update-lock} would change, found by resolving
 * the lock's roots and parts again (with its packages not followed) against today's verified index and comparing. A part is compared
 * with what its declared name resolves to now, so a kernel whose package name carries its version
 * (linux-image-6.12.107+deb13-arm64, then …117…) counts as one newer package. Nothing is written.
 *
 * @param newer   locked packages the archive has a higher version of (or a part whose package moved on)
 * @param added   packages a fresh resolution would add (a new dependency)
 * @param dropped locked packages a fresh resolution would no longer take
 * @param suites  the suites that were read, for the message
 */
public record Behind(List<Update> newer, List<PinnedPackage> added, List<PinnedPackage> dropped, List<String> suites) {

    /** How many package names the one-line summary shows before "…". */
    static final int NAMES_IN_LINE = 6;

    /** A locked package and what the archive has now. */
    public record Update(PinnedPackage locked, PinnedPackage now) {
        public boolean fromSecurity() {
            return Distribution.isSecurity(now.suite());
        }

        @Override
        public String toString() {
            return locked.name() + " " + locked.version() + " -> "
                    + (now.name().equals(locked.name()) ? "" : now.name() + " ") + now.version() + " (" + now.suite() + ")";
        }
    }

    public Behind {
        newer = newer.stream().sorted(Comparator.comparing((Update u) -> !u.fromSecurity())
                .thenComparing(u -> u.locked().name())).toList();
        added = added.stream().sorted().toList();
        dropped = dropped.stream().sorted().toList();
        suites = List.copyOf(suites);
    }

    /** Compares {@code lock} with a fresh resolution of its roots and parts over {@code index}. */
    public static Behind compare(Lockfile lock, PackageIndex index, List<String> suites) {
        String scope = lock.distribution().scope();
        Map<String, PinnedPackage> fresh = new HashMap<>();
        Resolver.resolve(index, scope, lock.roots(), lock.notFollowed()).forEach(p -> fresh.put(p.name(), p));
        // A locked part is paired with what its declared name resolves to today, whatever that is called.
        Map<String, PinnedPackage> partners = new HashMap<>();
        Set<String> freshPartNames = new HashSet<>();
        lock.parts().forEach((declared, pinned) -> {
            PinnedPackage now = Resolver.part(index, scope, declared);
            fresh.putIfAbsent(now.name(), now);
            partners.put(pinned, now);
            freshPartNames.add(now.name());
        });
        List<Update> newer = new ArrayList<>();
        List<PinnedPackage> dropped = new ArrayList<>();
        Set<String> paired = new HashSet<>();
        for (PinnedPackage locked : lock.packages()) {
            PinnedPackage now = partners.getOrDefault(locked.name(), fresh.get(locked.name()));
            if (now == null) {
                dropped.add(locked);
                continue;
            }
            paired.add(now.name());
            if (DebianVersion.parse(now.version()).compareTo(DebianVersion.parse(locked.version())) > 0) {
                newer.add(new Update(locked, now));
            }
        }
        List<PinnedPackage> added = fresh.values().stream()
                .filter(p -> !paired.contains(p.name()) && !lockHas(lock, p.name()))
                .toList();
        return new Behind(newer, added, dropped, suites);
    }

    private static boolean lockHas(Lockfile lock, String name) {
        return lock.packages().stream().anyMatch(p -> p.name().equals(name));
    }

    public boolean current() {
        return newer.isEmpty() && added.isEmpty() && dropped.isEmpty();
    }

    public List<Update> fromSecurity() {
        return newer.stream().filter(Update::fromSecurity).toList();
    }

    /**
     * The one line every build prints: "lock is behind: 7 packages newer, 3 from trixie-security:
     * dnsmasq-base, …; run scripts/build --update-lock", security fixes named first.
     */
    public String line() {
        if (current()) {
            return "lock is current: nothing newer in " + String.join(", ", suites);
        }
        StringBuilder out = new StringBuilder("lock is behind: ").append(count(newer.size(), "package")).append(" newer");
        List<Update> security = fromSecurity();
        if (!security.isEmpty()) {
            out.append(", ").append(security.size()).append(" from ").append(String.join("/", security.stream()
                    .map(u -> u.now().suite()).distinct().sorted().toList()));
        }
        if (!added.isEmpty()) {
            out.append(", ").append(count(added.size(), "new dependency", "new dependencies"));
        }
        if (!dropped.isEmpty()) {
            out.append(", ").append(dropped.size()).append(" no longer needed");
        }
        List<String> names = Stream.concat(newer.stream().map(u -> u.locked().name()),
                Stream.concat(added.stream(), dropped.stream()).map(PinnedPackage::name)).toList();
        out.append(": ").append(String.join(", ", names.subList(0, Math.min(NAMES_IN_LINE, names.size()))));
        if (names.size() > NAMES_IN_LINE) {
            out.append(" and ").append(names.size() - NAMES_IN_LINE).append(" more (--verbose lists them)");
        }
        return out.append("; run scripts/build --update-lock").toString();
    }

    /** One line per change, for --verbose. */
    public List<String> details() {
        List<String> lines = new ArrayList<>();
        newer.forEach(u -> lines.add("  newer: " + u));
        added.forEach(p -> lines.add("  new dependency: " + p.name() + " " + p.version() + " (" + p.suite() + ")"));
        dropped.forEach(p -> lines.add("  no longer needed: " + p.name() + " " + p.version()));
        return lines;
    }

    /** The comparison as text, to keep beside the inputs it was computed from (a lock and the archive's state). */
    String toText() {
        StringBuilder out = new StringBuilder("suites ").append(String.join(" ", suites)).append('\n');
        newer.forEach(u -> out.append("newer ").append(Lockfile.packageLine(u.locked())).append('\n')
                .append("   to ").append(Lockfile.packageLine(u.now())).append('\n'));
        added.forEach(p -> out.append("added ").append(Lockfile.packageLine(p)).append('\n'));
        dropped.forEach(p -> out.append("dropped ").append(Lockfile.packageLine(p)).append('\n'));
        return out.toString();
    }

    /** Reads what {@link #toText()} wrote. */
    static Behind fromText(String text) {
        List<String> suites = List.of();
        List<Update> newer = new ArrayList<>();
        List<PinnedPackage> added = new ArrayList<>();
        List<PinnedPackage> dropped = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String word = line.substring(0, line.indexOf(' '));
            String rest = line.substring(word.length() + 1);
            switch (word) {
                case "suites" -> suites = List.of(rest.split(" "));
                case "newer" -> newer.add(new Update(Lockfile.parsePackageLine(rest),
                        Lockfile.parsePackageLine(lines.get(++i).strip().substring("to ".length()))));
                case "added" -> added.add(Lockfile.parsePackageLine(rest));
                case "dropped" -> dropped.add(Lockfile.parsePackageLine(rest));
                default -> throw new IllegalArgumentException("unknown line '" + line + "'");
            }
        }
        return new Behind(newer, added, dropped, suites);
    }

    private static String count(int n, String one) {
        return count(n, one, one + "s");
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
