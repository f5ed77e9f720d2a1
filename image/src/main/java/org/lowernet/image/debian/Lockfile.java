package org.lowernet.image.debian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The committed record of exactly which .debs an image is built from. A line-oriented text file,
 * sorted, so that a change shows as a small diff (format 2):
 * <pre>
 * # lowernet Debian lockfile, format 2. ...
 * suites trixie trixie-updates trixie-security
 * components main non-free-firmware
 * architecture arm64
 * root busybox-static
 * not-followed passwd
 * part linux-image-arm64 linux-image-6.12.107+deb13-arm64
 * package busybox-static 1:1.37.0-6 arm64 trixie &lt;sha256&gt; &lt;size&gt; pool/main/b/busybox/busybox-static_...deb
 * </pre>
 * Each package line names the suite it was taken from (which also says which archive's pool holds it).
 * Format 1 (one {@code suite} line, package lines without a suite) is still read: its packages all come
 * from that one suite. The declared roots are kept so that a builder can tell when they changed since
 * the lock was made; so are the packages declared not followed ({@link NotFollowed}: a dependency on one
 * counts as met; a lock without such lines follows every dependency). Parts are packages the build takes files from without installing their
 * dependencies; each maps the declared name to the package pinned for it (a metapackage names another).
 */
public record Lockfile(Distribution distribution, List<String> roots, List<String> notFollowed,
        SortedMap<String, String> parts, List<PinnedPackage> packages) {

    static final String HEADER = "# lowernet Debian lockfile, format 2. Written by scripts/build --update-lock;"
            + " do not edit by hand.";

    public Lockfile(Distribution distribution, List<String> roots, List<PinnedPackage> packages) {
        this(distribution, roots, new TreeMap<>(), packages);
    }

    public Lockfile(Distribution distribution, List<String> roots, SortedMap<String, String> parts,
            List<PinnedPackage> packages) {
        this(distribution, roots, List.of(), parts, packages);
    }

    public Lockfile {
        roots = List.copyOf(new TreeSet<>(roots));
        notFollowed = List.copyOf(new TreeSet<>(notFollowed));
        parts = Collections.unmodifiableSortedMap(new TreeMap<>(parts));
        packages = packages.stream().sorted().toList();
        for (int i = 1; i < packages.size(); i++) {
            if (packages.get(i).name().equals(packages.get(i - 1).name())) {
                throw new IllegalArgumentException("package " + packages.get(i).name() + " is locked twice");
            }
        }
        for (PinnedPackage p : packages) {
            if (!distribution.suites().contains(p.suite())) {
                throw new IllegalArgumentException("package " + p.name() + " is from suite " + p.suite()
                        + ", which is not one of the lock's suites " + distribution.suites());
            }
        }
    }

    /** Whether this lock was made for these declared roots (order and duplicates do not matter). */
    public boolean matchesRoots(List<String> declared) {
        return roots.equals(List.copyOf(new TreeSet<>(declared)));
    }

    /** Whether this lock was made with these packages not followed. */
    public boolean matchesNotFollowed(List<String> declared) {
        return notFollowed.equals(List.copyOf(new TreeSet<>(declared)));
    }

    /** Whether this lock was made for these declared parts. */
    public boolean matchesParts(List<String> declared) {
        return parts.keySet().equals(new TreeSet<>(declared));
    }

    /** The pinned package a declared part resolved to. */
    public PinnedPackage part(String declared) {
        String name = parts.get(declared);
        return packages.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("part " + declared + " is not in the lockfile; run scripts/build --update-lock"));
    }

    /** The packages installed into the root: everything but the parts. */
    public List<PinnedPackage> installed() {
        return packages.stream().filter(p -> !parts.containsValue(p.name())).toList();
    }

    public String format() {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        out.append("suites ").append(String.join(" ", distribution.suites())).append('\n');
        out.append("components ").append(String.join(" ", distribution.components())).append('\n');
        out.append("architecture ").append(distribution.architecture()).append('\n');
        roots.forEach(r -> out.append("root ").append(r).append('\n'));
        notFollowed.forEach(n -> out.append("not-followed ").append(n).append('\n'));
        parts.forEach((declared, pinned) -> out.append("part ").append(declared).append(' ').append(pinned).append('\n'));
        packages.forEach(p -> out.append(packageLine(p)).append('\n'));
        return out.toString();
    }

    /** {@code package name version architecture suite sha256 size filename}: one format 2 line. */
    static String packageLine(PinnedPackage p) {
        return "package " + p.name() + ' ' + p.version() + ' ' + p.architecture() + ' ' + p.suite() + ' ' + p.sha256()
                + ' ' + p.size() + ' ' + p.filename();
    }

    /** The package of one format 2 line, as {@link #packageLine} writes it. */
    static PinnedPackage parsePackageLine(String line) {
        return pinned(line.strip().split(" +"));
    }

    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, format(), StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static Lockfile read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static Lockfile parse(String text, String source) {
        String suite = null;
        List<String> suites = null;
        List<String> components = null;
        String architecture = null;
        List<String> roots = new ArrayList<>();
        List<String> notFollowed = new ArrayList<>();
        SortedMap<String, String> parts = new TreeMap<>();
        List<String[]> packageLines = new ArrayList<>();
        List<Integer> packageLineNumbers = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" +");
            try {
                switch (f[0]) {
                    case "suite" -> suite = single(f);
                    case "suites" -> suites = Arrays.asList(f).subList(1, f.length);
                    case "components" -> components = Arrays.asList(f).subList(1, f.length);
                    case "architecture" -> architecture = single(f);
                    case "root" -> roots.add(rest(line, f));
                    case "not-followed" -> notFollowed.add(single(f));
                    case "part" -> {
                        if (f.length != 3) {
                            throw new IllegalArgumentException("a part line has 2 fields (declared pinned), got " + (f.length - 1));
                        }
                        parts.put(f[1], f[2]);
                    }
                    case "package" -> {
                        packageLines.add(f);
                        packageLineNumbers.add(i + 1);
                    }
                    default -> throw new IllegalArgumentException("unknown keyword '" + f[0]
                            + "'; expected suites, components, architecture, root, not-followed, part or package");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage()
                        + "; fix the line or regenerate the lockfile with scripts/build --update-lock", e);
            }
        }
        if ((suite == null) == (suites == null) || components == null || components.isEmpty() || architecture == null) {
            throw new IllegalArgumentException(source + ": missing suite, components or architecture line"
                    + (suite != null && suites != null ? " (or both a format 1 'suite' and a format 2 'suites' line)" : "")
                    + "; regenerate the lockfile with scripts/build --update-lock");
        }
        // Format 1 has one suite and package lines without it; format 2 names the suite on each line.
        String formatOneSuite = suite;
        List<PinnedPackage> packages = new ArrayList<>();
        for (int k = 0; k < packageLines.size(); k++) {
            try {
                packages.add(formatOneSuite != null ? pinned(packageLines.get(k), formatOneSuite)
                        : pinned(packageLines.get(k)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + packageLineNumbers.get(k) + ": " + e.getMessage()
                        + "; fix the line or regenerate the lockfile with scripts/build --update-lock", e);
            }
        }
        try {
            return new Lockfile(new Distribution(suites != null ? suites : List.of(suite), components, architecture),
                    roots, notFollowed, parts, packages);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static String single(String[] f) {
        if (f.length != 2) {
            throw new IllegalArgumentException("'" + f[0] + "' takes one value, got " + (f.length - 1));
        }
        return f[1];
    }

    /** A root may carry a version constraint, "libc6 (>= 2.41)", so it is the rest of the line. */
    private static String rest(String line, String[] f) {
        if (f.length < 2) {
            throw new IllegalArgumentException("'" + f[0] + "' needs a value");
        }
        return line.substring(f[0].length()).strip();
    }

    /** Format 2: {@code package name version architecture suite sha256 size filename}. */
    private static PinnedPackage pinned(String[] f) {
        if (f.length != 8) {
            throw new IllegalArgumentException("a package line has 7 fields (name version architecture suite sha256"
                    + " size filename), got " + (f.length - 1));
        }
        return new PinnedPackage(f[1], f[2], f[3], f[7], size(f[6], f[1]), f[5], f[4]);
    }

    /** Format 1: {@code package name version architecture sha256 size filename}, all from one suite. */
    private static PinnedPackage pinned(String[] f, String suite) {
        if (f.length != 7) {
            throw new IllegalArgumentException("a package line has 6 fields (name version architecture sha256"
                    + " size filename), got " + (f.length - 1));
        }
        return new PinnedPackage(f[1], f[2], f[3], f[6], size(f[5], f[1]), f[4], suite);
    }

    private static long size(String field, String name) {
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size '" + field + "' of " + name + " is not a number", e);
        }
    }
}
