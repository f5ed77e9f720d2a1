package org.lowernet.image.deb;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The fields of a package's {@code control} file (deb-control(5)); continuation lines are joined. */
public record DebControl(Map<String, String> fields) {

    public DebControl {
        fields = Map.copyOf(fields);
    }

    public String packageName() {
        return required("Package");
    }

    public String version() {
        return required("Version");
    }

    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    private String required(String name) {
        String value = fields.get(name);
        if (value == null) {
            throw new IllegalStateException("control file has no " + name + " field; fields present: "
                    + fields.keySet());
        }
        return value;
    }

    /** Parses one stanza: "Name: value" lines, continuation lines start with a space or tab. */
    public static DebControl parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        String current = null;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && current != null) {
                fields.merge(current, "\n" + line.strip(), String::concat);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("control file line is not 'Name: value': " + line);
            }
            current = line.substring(0, colon);
            fields.put(current, line.substring(colon + 1).strip());
        }
        return new DebControl(fields);
    }
}
