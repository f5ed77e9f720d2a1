package org.lowernet.image.debian;

import java.util.Objects;

/**
 * A Debian package version, {@code [epoch:]upstream[-revision]}, ordered exactly as dpkg orders
 * them (deb-version(7); dpkg's {@code lib/dpkg/version.c} {@code verrevcmp}): '~' sorts before
 * everything, even the end of the string; letters sort before other characters; digit runs compare
 * numerically. A missing revision compares like "0", so "1.0" equals "1.0-0" and sorts before "1.0-1".
 */
public final class DebianVersion implements Comparable<DebianVersion> {

    private final String text;
    private final long epoch;
    private final String upstream;
    private final String revision;

    private DebianVersion(String text, long epoch, String upstream, String revision) {
        this.text = text;
        this.epoch = epoch;
        this.upstream = upstream;
        this.revision = revision;
    }

    public static DebianVersion parse(String text) {
        String s = text.strip();
        if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not a Debian version: '" + text + "'");
        }
        long epoch = 0;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            String e = s.substring(0, colon);
            if (e.isEmpty() || !e.chars().allMatch(Character::isDigit) || e.length() > 9) {
                throw new IllegalArgumentException("bad epoch '" + e + "' in Debian version '" + text + "'");
            }
            epoch = Long.parseLong(e);
        }
        String rest = s.substring(colon + 1);
        int hyphen = rest.lastIndexOf('-');
        String upstream = hyphen >= 0 ? rest.substring(0, hyphen) : rest;
        String revision = hyphen >= 0 ? rest.substring(hyphen + 1) : "";
        if (upstream.isEmpty() || (hyphen >= 0 && revision.isEmpty())) {
            throw new IllegalArgumentException("empty upstream version or revision in Debian version '" + text + "'");
        }
        return new DebianVersion(s, epoch, upstream, revision);
    }

    public long epoch() {
        return epoch;
    }

    public String upstream() {
        return upstream;
    }

    public String revision() {
        return revision;
    }

    @Override
    public int compareTo(DebianVersion o) {
        int c = Long.compare(epoch, o.epoch);
        if (c != 0) {
            return c;
        }
        c = compareParts(upstream, o.upstream);
        return c != 0 ? c : compareParts(revision, o.revision);
    }

    /** dpkg's verrevcmp: alternating non-digit runs (by {@link #order}) and digit runs (numerically). */
    static int compareParts(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            while ((i < a.length() && !isDigit(a, i)) || (j < b.length() && !isDigit(b, j))) {
                int ac = order(a, i);
                int bc = order(b, j);
                if (ac != bc) {
                    return Integer.signum(ac - bc);
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            int firstDiff = 0;
            while (isDigit(a, i) && isDigit(b, j)) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (isDigit(a, i)) {
                return 1;
            }
            if (isDigit(b, j)) {
                return -1;
            }
            if (firstDiff != 0) {
                return Integer.signum(firstDiff);
            }
        }
        return 0;
    }

    private static boolean isDigit(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    /** The weight of one character in a non-digit run; the end of the string and digits weigh 0. */
    private static int order(String s, int i) {
        if (i >= s.length() || isDigit(s, i)) {
            return 0;
        }
        char c = s.charAt(i);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) { // dpkg uses isalpha() in the C locale
            return c;
        }
        return c == '~' ? -1 : c + 256;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DebianVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        // Equal versions may differ in text ("1.0" and "0:1.0-0"), so hash only what cannot differ.
        return Objects.hash(epoch, upstream.replaceAll("[0.]", ""));
    }

    /** The version as written, e.g. "1:2.36-9+deb12u4". */
    @Override
    public String toString() {
        return text;
    }
}
