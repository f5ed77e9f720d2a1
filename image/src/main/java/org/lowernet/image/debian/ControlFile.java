package org.lowernet.image.debian;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Parser for deb822 control data (Debian Policy 5.1; deb822(5)): paragraphs separated by blank
 * lines, {@code Field: value} lines, continuation lines starting with a space or tab. Field names
 * are case-insensitive. CRLF line endings are tolerated (the reader splits on CR, LF and CRLF);
 * '#' comment lines are skipped as apt does for sources files (Packages and Release files contain none).
 */
public final class ControlFile {

    /** One paragraph; a multi-line value keeps its lines joined by '\n' with the leading space removed. */
    public record Paragraph(Map<String, String> fields, int line) {

        public Paragraph {
            TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            copy.putAll(fields);
            fields = Collections.unmodifiableMap(copy);
        }

        public Optional<String> get(String field) {
            return Optional.ofNullable(fields.get(field));
        }

        public String require(String field, String what) {
            String value = fields.get(field);
            if (value == null) {
                throw new IllegalArgumentException(what + ": paragraph at line " + line + " has no " + field
                        + " field");
            }
            return value;
        }
    }

    private ControlFile() {
    }

    public static List<Paragraph> parse(String text, String source) {
        return paragraphs(text, source, 1);
    }

    /**
     * The one paragraph of {@code text}, which starts at line {@code firstLine} of {@code source} (so that errors
     * name the line there): a stanza cut out of a bigger file.
     */
    public static Paragraph paragraph(String text, String source, int firstLine) {
        List<Paragraph> paragraphs = paragraphs(text, source, firstLine);
        if (paragraphs.size() != 1) {
            throw new IllegalArgumentException(source + " line " + firstLine + ": expected one paragraph, found "
                    + paragraphs.size());
        }
        return paragraphs.getFirst();
    }

    private static List<Paragraph> paragraphs(String text, String source, int firstLine) {
        List<Paragraph> paragraphs = new ArrayList<>();
        try {
            parse(new BufferedReader(new StringReader(text)), source, firstLine, paragraphs::add);
        } catch (IOException e) {
            throw new UncheckedIOException("reading control data from a string cannot fail", e);
        }
        return List.copyOf(paragraphs);
    }

    private static void parse(BufferedReader reader, String source, int firstLine, Consumer<Paragraph> sink)
            throws IOException {
        Map<String, StringBuilder> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        StringBuilder current = null;
        int start = 0;
        int lineNumber = firstLine - 1;
        String line;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                emit(fields, start, sink);
                current = null;
                start = 0;
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (current == null) {
                    throw new IllegalArgumentException(source + " line " + lineNumber
                            + ": continuation line without a field: '" + line.strip() + "'");
                }
                String continued = line.substring(1);
                current.append('\n').append(continued.equals(".") ? "" : continued);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(source + " line " + lineNumber
                        + ": expected 'Field: value', got '" + line + "'");
            }
            if (start == 0) {
                start = lineNumber;
            }
            String name = line.substring(0, colon).strip();
            if (fields.containsKey(name)) {
                throw new IllegalArgumentException(source + " line " + lineNumber + ": field " + name
                        + " appears twice in the paragraph that starts at line " + start);
            }
            current = new StringBuilder(line.substring(colon + 1).strip());
            fields.put(name, current);
        }
        emit(fields, start, sink);
    }

    private static void emit(Map<String, StringBuilder> fields, int start, Consumer<Paragraph> sink) {
        if (fields.isEmpty()) {
            return;
        }
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        fields.forEach((k, v) -> values.put(k, v.toString()));
        fields.clear();
        sink.accept(new Paragraph(values, start));
    }
}
