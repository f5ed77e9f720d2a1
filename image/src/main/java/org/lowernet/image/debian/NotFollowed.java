package org.lowernet.image.debian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Packages a dependency names that the image never installs, each with the reason: the resolver takes a
 * dependency on one as met, so it is neither pinned nor unpacked. What such a package is needed for must
 * be something the image does not do (run maintainer scripts, log in with PAM) or does otherwise (the
 * overlay's {@code /etc/passwd}). Written one per line, {@code name reason…}, {@code #} comments:
 * <pre>
 * passwd  dnsmasq-base's maintainer script adds the dnsmasq user with useradd; the overlay has that user
 * </pre>
 *
 * @param reasons the reason of each package, by name
 */
public record NotFollowed(SortedMap<String, String> reasons) {

    /** Where a project declares them, in {@code board/common/}. */
    public static final String FILE = "packages-not-followed";

    /** Nothing left out: every dependency is followed. */
    public static final NotFollowed NONE = new NotFollowed(new TreeMap<>());

    /** Debian policy 5.6.1: lowercase letters, digits, + - . ; at least two characters, a letter or digit first. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");

    public NotFollowed {
        reasons = Collections.unmodifiableSortedMap(new TreeMap<>(reasons));
    }

    public List<String> names() {
        return List.copyOf(reasons.keySet());
    }

    public boolean contains(String name) {
        return reasons.containsKey(name);
    }

    public static NotFollowed read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Every error of the text, each with {@code source} and its line, in one exception. */
    public static NotFollowed parse(String text, String source) {
        Map<String, Integer> lineOf = new HashMap<>();
        SortedMap<String, String> reasons = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] nameAndReason = line.split("\\s+", 2);
            String name = nameAndReason[0];
            String where = source + " line " + (i + 1) + ": ";
            if (!NAME.matcher(name).matches()) {
                problems.add(where + "'" + name + "' is not a Debian package name (lowercase letters, digits, + - .)");
            } else if (nameAndReason.length < 2) {
                problems.add(where + name + " has no reason; write why the image never needs it after its name");
            } else if (lineOf.containsKey(name)) {
                problems.add(where + name + " is already declared on line " + lineOf.get(name));
            } else {
                lineOf.put(name, i + 1);
                reasons.put(name, nameAndReason[1].strip());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return new NotFollowed(reasons);
    }
}
