package org.lowernet.image.stamp;

/**
 * One {@code key=value} to put into a node's lowernet.conf, from {@code --set} or a cell of nodes.csv.
 * Only the shape is checked here (one line, no comment, a key without spaces); whether the key and
 * value mean something is the runtime's validator's job, on the whole file.
 *
 * @param key   a lowernet.conf key such as {@code node.name}
 * @param value its value, trimmed, as it will stand after {@code =}
 */
public record Assignment(String key, String value) {

    public Assignment {
        key = key.strip();
        value = value.strip();
        if (key.isEmpty() || key.chars().anyMatch(c -> Character.isWhitespace(c) || c == '=' || c == '#')) {
            throw new IllegalArgumentException("'" + key + "' is not a lowernet.conf key: a key is one word"
                    + " without spaces, '=' or '#', such as node.name");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException(key + " has no value; give one (" + key + "=...) or leave the"
                    + " key out to keep the image's setting");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(key + "'s value spans several lines; a lowernet.conf value is one line");
        }
        // lowernet.conf reads '#' after a space, or at the start of the value, as the start of a comment.
        if (value.startsWith("#") || value.contains(" #") || value.contains("\t#")) {
            throw new IllegalArgumentException(key + " = " + value + ": a '#' at the start or after a space"
                    + " would start a comment in lowernet.conf and cut the value short");
        }
    }

    /** Parses {@code key=value}; {@code where} says where the text came from, for the message. */
    public static Assignment parse(String text, String where) {
        int equals = text.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException(where + " '" + text + "' is not key=value, e.g. node.name=infoshop-1");
        }
        try {
            return new Assignment(text.substring(0, equals), text.substring(equals + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " '" + text + "': " + e.getMessage(), e);
        }
    }

    /** The line as stamped into lowernet.conf. */
    String line() {
        return key + " = " + value;
    }
}
