package org.lowernet.image.stamp;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Applies {@link Assignment}s to the text of a lowernet.conf, keeping every other line as it was, so the
 * comments a person reads on the card stay. For each assignment, in order:
 * <ol>
 * <li>a line that sets the key is replaced by {@code key = value}, keeping its trailing comment;</li>
 * <li>else, when a commented-out example of the key exists ({@code # node.name = infoshop-1}, as the
 *     default file has for every key), the line goes right after the first one;</li>
 * <li>else it is appended at the end.</li>
 * </ol>
 * Line ends follow the file (CRLF when its lines end in CRLF); a byte order mark stays. The comment rule
 * is lowernet.conf's (runtime/CONFIG.md, "File format"): '#' at the start of a line or after a space or tab.
 */
final class ConfigEdit {

    private static final String BOM = "\uFEFF";

    private ConfigEdit() {
    }

    static String apply(String text, List<Assignment> assignments) {
        boolean bom = text.startsWith(BOM);
        String body = bom ? text.substring(BOM.length()) : text;
        List<String> lines = new ArrayList<>(List.of(body.split("\n", -1)));
        // A file ending in a newline splits into a last, empty element: the place after the last line.
        boolean endsWithNewline = lines.size() > 1 && lines.getLast().isEmpty();
        if (endsWithNewline || body.isEmpty()) {
            lines.removeLast();
        }
        String cr = !lines.isEmpty() && lines.stream().allMatch(l -> l.endsWith("\r")) ? "\r" : "";
        for (Assignment a : assignments) {
            set(lines, a, cr);
        }
        String joined = String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
        return (bom ? BOM : "") + joined;
    }

    private static void set(List<String> lines, Assignment a, String cr) {
        for (int i = 0; i < lines.size(); i++) {
            String lineCr = lines.get(i).endsWith("\r") ? "\r" : "";
            String line = lines.get(i).substring(0, lines.get(i).length() - lineCr.length());
            int comment = commentStart(line);
            String content = line.substring(0, comment);
            int equals = content.indexOf('=');
            if (equals >= 0 && content.substring(0, equals).strip().equals(a.key())) {
                // Keep the trailing comment with the whitespace before it, which marks it as a comment.
                String trailing = comment == line.length() ? ""
                        : content.substring(content.stripTrailing().length()) + line.substring(comment);
                lines.set(i, a.line() + trailing + lineCr);
                return;
            }
        }
        Pattern example = Pattern.compile("\\s*#\\s*" + Pattern.quote(a.key()) + "\\s*=.*");
        for (int i = 0; i < lines.size(); i++) {
            if (example.matcher(lines.get(i)).matches()) {
                lines.add(i + 1, a.line() + cr);
                return;
            }
        }
        lines.add(a.line() + cr);
    }

    /** Where the line's comment starts, or its length when it has none. */
    private static int commentStart(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
                return i;
            }
        }
        return line.length();
    }
}
