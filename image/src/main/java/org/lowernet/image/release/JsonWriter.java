package org.lowernet.image.release;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small JSON writer for the release manifests: objects, arrays, strings and integers, indented by two
 * spaces, members in the order written (callers sort where order matters). Strings are escaped per
 * RFC 8259 section 7: quote, backslash and control characters; everything else is written as UTF-8.
 */
public final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    /** Per open container: whether nothing has been written into it yet. */
    private final Deque<Boolean> empty = new ArrayDeque<>();
    private boolean afterName;

    public JsonWriter beginObject() {
        return open('{');
    }

    public JsonWriter endObject() {
        return close('}');
    }

    public JsonWriter beginArray() {
        return open('[');
    }

    public JsonWriter endArray() {
        return close(']');
    }

    public JsonWriter name(String name) {
        separate();
        out.append(quote(name)).append(": ");
        afterName = true;
        return this;
    }

    public JsonWriter value(String value) {
        separate();
        out.append(quote(value));
        return this;
    }

    public JsonWriter value(long value) {
        separate();
        out.append(value);
        return this;
    }

    /** Shorthand for a member with a string value. */
    public JsonWriter member(String name, String value) {
        return name(name).value(value);
    }

    public JsonWriter member(String name, long value) {
        return name(name).value(value);
    }

    /** The document, ending with a newline; only once every container is closed. */
    @Override
    public String toString() {
        if (!empty.isEmpty()) {
            throw new IllegalStateException(empty.size() + " JSON container(s) still open");
        }
        return out + "\n";
    }

    static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    private JsonWriter open(char bracket) {
        separate();
        out.append(bracket);
        empty.push(true);
        return this;
    }

    private JsonWriter close(char bracket) {
        if (empty.isEmpty() || afterName) {
            throw new IllegalStateException("nothing to close with " + bracket);
        }
        boolean wasEmpty = empty.pop();
        if (!wasEmpty) {
            newline();
        }
        out.append(bracket);
        return this;
    }

    /** The comma and line break before a value or a member name (none after a member name). */
    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (empty.isEmpty()) {
            if (!out.isEmpty()) {
                throw new IllegalStateException("a JSON document has one top-level value");
            }
            return;
        }
        if (!empty.pop()) {
            out.append(',');
        }
        empty.push(false);
        newline();
    }

    private void newline() {
        out.append('\n').append("  ".repeat(empty.size()));
    }
}
