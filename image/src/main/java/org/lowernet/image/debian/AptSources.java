package org.lowernet.image.debian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads apt's source entries from a root directory (sources.list(5)): {@code etc/apt/sources.list}
 * and {@code etc/apt/sources.list.d/*.list} in the one-line format, {@code *.sources} in deb822,
 * in the order apt reads them (sources.list first, then the directory in name order). Only what
 * choosing a mirror needs is kept.
 */
public final class AptSources {

    /** One source: a type (deb, deb-src), one URI, its suites and components, and Signed-By if given. */
    public record Entry(String type, String uri, List<String> suites, List<String> components,
            Optional<String> signedBy, Path file) {
    }

    private AptSources() {
    }

    public static List<Entry> read(Path root) throws IOException {
        Path apt = root.resolve("etc/apt");
        List<Entry> entries = new ArrayList<>();
        Path list = apt.resolve("sources.list");
        if (Files.isRegularFile(list)) {
            entries.addAll(oneLine(list));
        }
        Path dir = apt.resolve("sources.list.d");
        if (Files.isDirectory(dir)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.sorted().toList();
            }
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".list")) {
                    entries.addAll(oneLine(file));
                } else if (name.endsWith(".sources")) {
                    entries.addAll(deb822(file));
                }
            }
        }
        return List.copyOf(entries);
    }

    /** {@code deb [option=value ...] uri suite [component ...]}; '#' starts a comment. */
    static List<Entry> oneLine(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            String type = line.split("\\s+", 2)[0];
            String rest = line.substring(type.length()).strip();
            Optional<String> signedBy = Optional.empty();
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) {
                    continue; // apt rejects such a line too; it cannot name a usable mirror
                }
                for (String option : rest.substring(1, close).strip().split("\\s+")) {
                    if (option.startsWith("signed-by=")) {
                        signedBy = Optional.of(option.substring("signed-by=".length()));
                    }
                }
                rest = rest.substring(close + 1).strip();
            }
            String[] words = rest.split("\\s+");
            if (words.length < 2) {
                continue;
            }
            entries.add(new Entry(type, words[0], List.of(words[1]),
                    List.of(Arrays.copyOfRange(words, 2, words.length)), signedBy, file));
        }
        return entries;
    }

    /** deb822 stanzas; {@code URIs} and {@code Types} may list several values, giving one entry each. */
    static List<Entry> deb822(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (ControlFile.Paragraph p : ControlFile.parse(text, file.toString())) {
            if (p.get("Enabled").map(v -> v.strip().equalsIgnoreCase("no")).orElse(false)) {
                continue;
            }
            List<String> suites = words(p.get("Suites").orElse(""));
            List<String> components = words(p.get("Components").orElse(""));
            // Signed-By may also hold an inline key block; only a path says which keyring it is.
            Optional<String> signedBy = p.get("Signed-By").map(String::strip).filter(s -> !s.contains("\n"));
            for (String type : words(p.get("Types").orElse(""))) {
                for (String uri : words(p.get("URIs").orElse(""))) {
                    entries.add(new Entry(type, uri, suites, components, signedBy, file));
                }
            }
        }
        return entries;
    }

    private static List<String> words(String value) {
        return value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
    }
}
