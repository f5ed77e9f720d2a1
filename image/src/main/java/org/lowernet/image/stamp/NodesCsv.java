package org.lowernet.image.stamp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * nodes.csv for {@code stamp --batch}: a header row naming lowernet.conf keys, then one row per node.
 * Simple CSV (RFC 4180 without line breaks inside fields): fields separated by commas, optionally
 * enclosed in double quotes (then a comma may stand inside, and {@code ""} is one quote); spaces around
 * unquoted fields are trimmed; LF or CRLF line ends; blank lines are skipped. An empty cell leaves that
 * key as the image (or {@code --config}) has it. The {@code node.name} column is required, filled in
 * every row and distinct (ignoring case, as hostnames do): it names the row's image.
 *
 * @param source the file as named on the command line, for messages
 * @param rows   one per node, in file order
 */
public record NodesCsv(String source, List<Row> rows) {

    static final String NODE_NAME = "node.name";

    /** One node: its line number, its name as written and its settings in column order. */
    public record Row(int line, String nodeName, List<Assignment> assignments) {
    }

    /** Parses the whole file; every problem in it is reported at once. */
    public static NodesCsv parse(String text, String source) throws StampException {
        List<String> problems = new ArrayList<>();
        String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r?\n", -1);
        List<String> header = null;
        int nameColumn = -1;
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            if (lines[i].isBlank()) {
                continue;
            }
            List<String> cells;
            try {
                cells = fields(lines[i]);
            } catch (IllegalArgumentException e) {
                problems.add(source + ":" + number + ": " + e.getMessage());
                continue;
            }
            if (header == null) {
                header = cells;
                nameColumn = header.indexOf(NODE_NAME);
                problems.addAll(headerProblems(header, source + ":" + number));
                continue;
            }
            if (cells.size() != header.size()) {
                problems.add(source + ":" + number + ": " + cells.size() + " fields, but the header names "
                        + header.size() + " keys " + header);
                continue;
            }
            List<Assignment> assignments = new ArrayList<>();
            for (int c = 0; c < cells.size(); c++) {
                if (cells.get(c).isEmpty()) {
                    continue;
                }
                try {
                    assignments.add(new Assignment(header.get(c), cells.get(c)));
                } catch (IllegalArgumentException e) {
                    problems.add(source + ":" + number + ": " + e.getMessage());
                }
            }
            String name = nameColumn < 0 ? "" : cells.get(nameColumn);
            if (nameColumn >= 0 && name.isEmpty()) {
                problems.add(source + ":" + number + ": no node.name; every row needs one, it names the image");
                continue;
            }
            Integer first = names.putIfAbsent(name.toLowerCase(Locale.ROOT), number);
            if (first != null) {
                problems.add(source + ":" + number + ": node.name " + name + " is already on line " + first
                        + "; every node needs its own name");
            }
            rows.add(new Row(number, name, List.copyOf(assignments)));
        }
        if (header == null) {
            problems.add(source + ": empty; the first line names the keys, e.g. node.name,site,lan.address");
        } else if (rows.isEmpty() && problems.isEmpty()) {
            problems.add(source + ": a header but no rows; add one row per node");
        }
        if (!problems.isEmpty()) {
            throw new StampException(problems);
        }
        return new NodesCsv(source, List.copyOf(rows));
    }

    private static List<String> headerProblems(List<String> header, String where) {
        List<String> problems = new ArrayList<>();
        if (!header.contains(NODE_NAME)) {
            problems.add(where + ": the header " + header + " has no node.name column; it names each image");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < header.size(); c++) {
            String key = header.get(c);
            if (key.isEmpty() || key.chars().anyMatch(ch -> Character.isWhitespace(ch) || ch == '=' || ch == '#')) {
                problems.add(where + ": column " + (c + 1) + " of the header is '" + key
                        + "', not a lowernet.conf key such as site");
            } else if (seen.putIfAbsent(key, c + 1) != null) {
                problems.add(where + ": the key " + key + " heads columns " + seen.get(key) + " and " + (c + 1));
            }
        }
        return problems;
    }

    /** The fields of one line. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            StringBuilder field = new StringBuilder();
            if (i < line.length() && line.charAt(i) == '"') {
                int open = i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new IllegalArgumentException("the quote at column " + (open + 1) + " is not closed");
                    }
                    char c = line.charAt(i++);
                    if (c == '"' && i < line.length() && line.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        break;
                    } else {
                        field.append(c);
                    }
                }
                while (i < line.length() && line.charAt(i) == ' ') {
                    i++;
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after the closing quote at column " + i
                            + "; quote the whole field");
                }
                out.add(field.toString());
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? line.length() : comma;
                out.add(line.substring(i, end).strip());
                i = end;
            }
            if (i >= line.length()) {
                return out;
            }
            i++; // the comma
        }
    }
}
