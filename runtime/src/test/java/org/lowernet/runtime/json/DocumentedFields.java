package org.lowernet.runtime.json;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * The two sides of a document-versus-message check (MQTT.md, RESPONDD.md): the fields a document's table
 * lists with their JSON types, and the leaves a message really has.
 */
public final class DocumentedFields {

    private static final List<String> TYPES = List.of("string", "number", "boolean");

    private DocumentedFields() {
    }

    /** Field path to JSON type, from the rows of the first table after the heading "## {@code section}". */
    public static Map<String, String> documented(Path document, String section) throws IOException {
        List<String> lines = Files.readAllLines(document);
        int start = lines.indexOf("## " + section);
        if (start < 0) {
            throw new AssertionError(document + " has no heading '## " + section + "'");
        }
        Map<String, String> fields = new TreeMap<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i);
            if (line.startsWith("| `")) {
                List<String> cells = cells(line);
                if (!TYPES.contains(cells.get(1))) {
                    break; // the next table (event types)
                }
                fields.put(cells.get(0), cells.get(1));
            }
        }
        return fields;
    }

    /** The cells of a Markdown table row, without backticks. */
    public static List<String> cells(String row) {
        return Arrays.stream(row.substring(1, row.length() - 1).split(" \\| "))
                .map(c -> c.strip().replace("`", "")).toList();
    }

    /**
     * Every leaf of {@code json} as a path (arrays as []) and its type. {@code name} gives the name a member
     * is documented under, from the path so far ("traffic.") and its real name: map keys such as an
     * interface's name are documented once as a placeholder.
     */
    public static Map<String, String> fields(JsonObject json, BinaryOperator<String> name) {
        Map<String, String> out = new TreeMap<>();
        walk("", json, name, out);
        return out;
    }

    private static void walk(String path, JsonValue value, BinaryOperator<String> name, Map<String, String> out) {
        if (value.isObject()) {
            for (JsonObject.Member member : value.asObject()) {
                walk(path + name.apply(path, member.getName()) + ".", member.getValue(), name, out);
            }
        } else if (value.isArray()) {
            value.asArray().forEach(element -> walk(path.substring(0, path.length() - 1) + "[].", element, name, out));
        } else {
            String type = value.isString() ? "string" : value.isNumber() ? "number" : value.isBoolean() ? "boolean"
                    : "null";
            String previous = out.put(path.substring(0, path.length() - 1), type);
            if (previous != null && !previous.equals(type)) {
                throw new AssertionError(path + " is both " + previous + " and " + type);
            }
        }
    }
}
