package org.lowernet.image.fat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gives the names of one directory their 8.3 short names (fatgen103, section 7 "The Basis-Name
 * Generation Algorithm"), deterministically: names already valid upper-case 8.3 keep themselves and
 * are reserved first; every other name gets a long-name record and a short name that is the
 * upper-cased name where that is lossless ("config.txt" → CONFIG.TXT), else BASIS~N with the smallest
 * free N, in the order the names are given.
 */
final class ShortNames {

    /** Characters a short name may hold besides A-Z and 0-9 (fatgen103, section 6.1). */
    private static final String SPECIALS = "$%'-_@~`!(){}^#&";
    private static final Pattern PLAIN_8_3 = Pattern.compile(
            "[A-Z0-9$%'\\-_@~`!(){}^#&]{1,8}(\\.[A-Z0-9$%'\\-_@~`!(){}^#&]{1,3})?");
    /** Characters no long name may hold (fatgen103, section 7). */
    private static final String LONG_NAME_FORBIDDEN = "\"*/:<>?\\|";
    static final int MAX_LONG_NAME = 255;
    static final int BASE_LENGTH = 8;
    static final int EXT_LENGTH = 3;

    /** A name as stored: its 11 short-name bytes and whether a long-name record must precede them. */
    record Name(String longName, byte[] shortName, boolean hasLongName) {
    }

    private ShortNames() {
    }

    /** The names of one directory's entries, in the given order; {@code where} names the directory in errors. */
    static List<Name> assign(List<String> names, String where) {
        Map<String, String> byUpper = new LinkedHashMap<>();
        for (String name : names) {
            validateLongName(name, where);
            String previous = byUpper.put(name.toUpperCase(Locale.ROOT), name);
            if (previous != null) {
                throw new IllegalArgumentException("directory /" + where + " holds both \"" + previous
                        + "\" and \"" + name + "\", which FAT treats as one name (it ignores case); rename one");
            }
        }
        Set<String> used = new HashSet<>();
        names.stream().filter(n -> PLAIN_8_3.matcher(n).matches()).forEach(n -> used.add(pad(n)));
        List<Name> result = new ArrayList<>(names.size());
        for (String name : names) {
            if (PLAIN_8_3.matcher(name).matches()) {
                result.add(new Name(name, bytes(pad(name)), false));
                continue;
            }
            String upper = name.toUpperCase(Locale.ROOT);
            String shortName = PLAIN_8_3.matcher(upper).matches() && used.add(pad(upper))
                    ? pad(upper) : withTail(name, used, where);
            result.add(new Name(name, bytes(shortName), true));
        }
        return result;
    }

    private static void validateLongName(String name, String where) {
        boolean bad = name.length() > MAX_LONG_NAME || name.endsWith(".") || name.endsWith(" ")
                || name.chars().anyMatch(c -> c < 0x20 || LONG_NAME_FORBIDDEN.indexOf(c) >= 0);
        if (bad) {
            throw new IllegalArgumentException("\"" + name + "\" in /" + where + " is not a valid FAT long name:"
                    + " at most " + MAX_LONG_NAME + " characters, none of " + LONG_NAME_FORBIDDEN
                    + " or control characters, not ending in '.' or ' '; rename it");
        }
    }

    private static String withTail(String name, Set<String> used, String where) {
        String stripped = name.replace(" ", "").replaceFirst("^\\.+", "");
        int dot = stripped.lastIndexOf('.');
        String base = clean(dot < 0 ? stripped : stripped.substring(0, dot).replace(".", ""));
        String ext = clean(dot < 0 ? "" : stripped.substring(dot + 1));
        if (base.isEmpty()) {
            base = "_";
        }
        ext = ext.substring(0, Math.min(EXT_LENGTH, ext.length()));
        for (int n = 1; n < 1_000_000; n++) {
            String tail = "~" + n;
            String candidate = base.substring(0, Math.min(base.length(), BASE_LENGTH - tail.length())) + tail
                    + (ext.isEmpty() ? "" : "." + ext);
            if (used.add(pad(candidate))) {
                return pad(candidate);
            }
        }
        throw new IllegalArgumentException("no free short name for \"" + name + "\" in /" + where
                + ": too many names share its first characters");
    }

    /** Upper-cases what a short name may hold and turns everything else into '_'. */
    private static String clean(String part) {
        StringBuilder out = new StringBuilder(part.length());
        for (char c : part.toCharArray()) {
            char u = (c >= 'a' && c <= 'z') ? (char) (c - 'a' + 'A') : c;
            boolean ok = (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || SPECIALS.indexOf(u) >= 0;
            out.append(ok ? u : '_');
        }
        return out.toString();
    }

    /** "CONFIG.TXT" → "CONFIG  TXT": the 11-character on-disk form. */
    static String pad(String plain) {
        int dot = plain.indexOf('.');
        String base = dot < 0 ? plain : plain.substring(0, dot);
        String ext = dot < 0 ? "" : plain.substring(dot + 1);
        return String.format("%-8s%-3s", base, ext);
    }

    private static byte[] bytes(String padded) {
        return padded.getBytes(StandardCharsets.US_ASCII);
    }

    /** The checksum that ties long-name entries to their short entry (fatgen103, section 7). */
    static int checksum(byte[] shortName) {
        int sum = 0;
        for (byte b : shortName) {
            sum = (((sum & 1) << 7) + (sum >> 1) + (b & 0xFF)) & 0xFF;
        }
        return sum;
    }
}
