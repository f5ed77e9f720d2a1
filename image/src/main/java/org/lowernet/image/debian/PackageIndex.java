package org.lowernet.image.debian;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 *
 * <p>Reading a file only finds its stanzas and their Package, Version, Architecture and Provides lines; a
 * stanza is parsed whole (its dependencies, its file) when its package is first looked up. A resolution
 * visits a few hundred of Debian's ~68,000 packages, and parsing them all took most of a lock check's time
 * (trixie's main index, its xz decoding included: 2.1 s, 1.4 s this way). So a damaged stanza is reported when
 * its package is needed, with its file and line.
 */
public final class PackageIndex {

    private final Set<String> architectures;
    private final Map<String, List<Stanza>> listed = new HashMap<>();
    private final Map<String, List<BinaryPackage>> parsed = new HashMap<>();
    private final Map<String, Set<String>> providers = new HashMap<>();

    public PackageIndex(String architecture) {
        this.architectures = Set.of(architecture, "all");
    }

    /** Adds every stanza of a Packages file of {@code suite}, read from {@code in} (UTF-8). */
    public void addPackagesFile(InputStream in, String source, String suite) throws IOException {
        new Scan(in.readAllBytes(), source, suite).run();
    }

    /** Versions of a real package, highest first; empty if there is no package of that name. */
    public synchronized List<BinaryPackage> versions(String name) {
        List<BinaryPackage> versions = parsed.get(name);
        if (versions == null) {
            versions = parse(listed.getOrDefault(name, List.of()));
            parsed.put(name, versions);
        }
        return versions;
    }

    /** Names of packages that provide {@code name}, sorted. */
    public List<String> providersOf(String name) {
        return List.copyOf(providers.getOrDefault(name, Set.of()));
    }

    public int size() {
        return listed.size();
    }

    /**
     * The same version in two components or suites (or listed twice) is one package: the first listing wins,
     * so a version that reached the release itself is taken from there rather than from -security.
     */
    private static List<BinaryPackage> parse(List<Stanza> stanzas) {
        List<BinaryPackage> versions = new ArrayList<>();
        for (Stanza stanza : stanzas) {
            BinaryPackage pkg = stanza.parse();
            if (versions.stream().noneMatch(v -> v.version().equals(pkg.version()))) {
                versions.add(pkg);
            }
        }
        versions.sort(Comparator.comparing(BinaryPackage::version).reversed());
        return List.copyOf(versions);
    }

    /** Where one package's stanza is: its bytes in the file's, and its first line there. */
    private record Stanza(byte[] file, int from, int to, int line, String source, String suite) {

        String what() {
            return source + " (package at line " + line + ")";
        }

        BinaryPackage parse() {
            String what = what();
            ControlFile.Paragraph p = ControlFile.paragraph(
                    new String(file, from, to - from, StandardCharsets.UTF_8), source, line);
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

    /**
     * One pass over a Packages file's bytes, line by line (LF, CRLF or CR), that files each stanza under its
     * package name. Field names are matched without regard to case, as deb822 has them.
     */
    private final class Scan {
        private final byte[] file;
        private final String source;
        private final String suite;
        private int line;
        private int stanzaFrom = -1;
        private int stanzaLine;
        private String name;
        private String architecture;
        private String version;
        private StringBuilder provides;
        /** The field a continuation line belongs to, when it is one this scan keeps (Provides). */
        private StringBuilder continued;

        Scan(byte[] file, String source, String suite) {
            this.file = file;
            this.source = source;
            this.suite = suite;
        }

        void run() {
            int at = 0;
            while (at < file.length) {
                int end = at;
                while (end < file.length && file[end] != '\n' && file[end] != '\r') {
                    end++;
                }
                line++;
                read(at, end);
                at = end < file.length && file[end] == '\r' && end + 1 < file.length && file[end + 1] == '\n'
                        ? end + 2 : end + 1;
            }
            endStanza(file.length);
        }

        private void read(int from, int to) {
            if (blank(from, to)) {
                endStanza(from);
                return;
            }
            byte first = file[from];
            if (first == '#') {
                return;
            }
            if (first == ' ' || first == '\t') {
                if (stanzaFrom < 0) {
                    throw new IllegalArgumentException(source + " line " + line
                            + ": continuation line without a field: '" + text(from, to).strip() + "'");
                }
                if (continued != null) {
                    continued.append('\n').append(text(from + 1, to));
                }
                return;
            }
            int colon = from;
            while (colon < to && file[colon] != ':') {
                colon++;
            }
            if (colon == to || colon == from) {
                throw new IllegalArgumentException(source + " line " + line + ": expected 'Field: value', got '"
                        + text(from, to) + "'");
            }
            if (stanzaFrom < 0) {
                stanzaFrom = from;
                stanzaLine = line;
            }
            continued = null;
            int nameEnd = colon;
            while (nameEnd > from && (file[nameEnd - 1] == ' ' || file[nameEnd - 1] == '\t')) {
                nameEnd--;
            }
            if (is("Package", from, nameEnd)) {
                name = value("Package", name, colon, to);
            } else if (is("Version", from, nameEnd)) {
                version = value("Version", version, colon, to);
            } else if (is("Architecture", from, nameEnd)) {
                architecture = value("Architecture", architecture, colon, to);
            } else if (is("Provides", from, nameEnd)) {
                provides = new StringBuilder(value("Provides", provides, colon, to));
                continued = provides;
            }
        }

        /** Whether the field name in {@code file[from, to)} is {@code field}, in any case, without a String. */
        private boolean is(String field, int from, int to) {
            if (to - from != field.length()) {
                return false;
            }
            for (int i = 0; i < field.length(); i++) {
                if (Character.toLowerCase(file[from + i]) != Character.toLowerCase(field.charAt(i))) {
                    return false;
                }
            }
            return true;
        }

        private String value(String field, Object before, int colon, int to) {
            if (before != null) {
                throw new IllegalArgumentException(source + " line " + line + ": field " + field
                        + " appears twice in the paragraph that starts at line " + stanzaLine);
            }
            return text(colon + 1, to).strip();
        }

        private void endStanza(int to) {
            if (stanzaFrom < 0) {
                return;
            }
            Stanza stanza = new Stanza(file, stanzaFrom, to, stanzaLine, source, suite);
            String what = stanza.what();
            require(name, "Package", what);
            require(version, "Version", what);
            require(architecture, "Architecture", what);
            if (architectures.contains(architecture)) {
                listed.computeIfAbsent(name, n -> new ArrayList<>()).add(stanza);
                try {
                    for (Relation provided : Relation.parseProvides(provides == null ? "" : provides.toString())) {
                        providers.computeIfAbsent(provided.name(), n -> new TreeSet<>()).add(name);
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(what + ", package " + name + ": " + e.getMessage(), e);
                }
            }
            stanzaFrom = -1;
            name = null;
            version = null;
            architecture = null;
            provides = null;
            continued = null;
        }

        private void require(String value, String field, String what) {
            if (value == null) {
                throw new IllegalArgumentException(what + ": paragraph at line " + stanzaLine + " has no " + field
                        + " field");
            }
        }

        private boolean blank(int from, int to) {
            for (int i = from; i < to; i++) {
                if (!Character.isWhitespace(file[i])) {
                    return false;
                }
            }
            return true;
        }

        private String text(int from, int to) {
            return new String(file, from, to - from, StandardCharsets.UTF_8);
        }
    }
}
