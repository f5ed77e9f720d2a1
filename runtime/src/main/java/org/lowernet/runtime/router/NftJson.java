package org.lowernet.runtime.router;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of {@code nft -j}'s output (libnftables-json(5)) to check a table: the objects of one kind
 * ({@code {"chain": {...}}}) and their plain string or number fields. The objects named here hold no nested
 * braces before their fields of interest; expressions (nested) are never read.
 */
final class NftJson {

    private NftJson() {
    }

    /** The text of every {@code "kind": {...}} object, balanced braces included. */
    static List<String> objects(String json, String kind) {
        List<String> out = new ArrayList<>();
        Matcher start = Pattern.compile("\"" + Pattern.quote(kind) + "\"\\s*:\\s*\\{").matcher(json);
        while (start.find()) {
            int depth = 0;
            int i = start.end() - 1;
            boolean inString = false;
            for (; i < json.length(); i++) {
                char c = json.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    break;
                }
            }
            out.add(json.substring(start.end() - 1, Math.min(json.length(), i + 1)));
        }
        return out;
    }

    /** A top-level string or number field of an object; "" when absent. */
    static String field(String object, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"([^\"]*)\"|(-?[0-9]+))").matcher(object);
        return m.find() ? (m.group(2) != null ? m.group(2) : m.group(3)) : "";
    }
}
