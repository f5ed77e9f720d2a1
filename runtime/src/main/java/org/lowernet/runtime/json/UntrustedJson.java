package org.lowernet.runtime.json;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import java.util.Optional;
import java.util.OptionalDouble;

/** Lookups into JSON from outside: nodes of other versions may add, drop or retype fields. */
public final class UntrustedJson {

    /** Real messages nest 5 deep; minimal-json recurses per level, so deep garbage could overflow the stack. */
    public static final int MAX_DEPTH = 32;

    private UntrustedJson() {
    }

    /** {@code text} as a JSON object, or empty when it is not one or nests deeper than {@link #MAX_DEPTH}. */
    public static Optional<JsonObject> object(String text) {
        if (depth(text) > MAX_DEPTH) {
            return Optional.empty();
        }
        try {
            JsonValue value = Json.parse(text);
            return value.isObject() ? Optional.of(value.asObject()) : Optional.empty();
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    /** The deepest nesting of [ and { outside strings; enough to keep the parser's recursion bounded. */
    public static int depth(String json) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                max = Math.max(max, ++depth);
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return max;
    }

    /** The value at the member names {@code path} below {@code json}; empty where an object or member is missing. */
    public static Optional<JsonValue> at(JsonValue json, String... path) {
        JsonValue value = json;
        for (String name : path) {
            if (value == null || !value.isObject()) {
                return Optional.empty();
            }
            value = value.asObject().get(name);
        }
        return Optional.ofNullable(value);
    }

    /** The string at {@code path}, unfiltered: callers that print it clean it for their medium. */
    public static Optional<String> text(JsonValue json, String... path) {
        return at(json, path).filter(JsonValue::isString).map(JsonValue::asString);
    }

    /** The finite number at {@code path}. */
    public static OptionalDouble number(JsonValue json, String... path) {
        Optional<JsonValue> value = at(json, path).filter(JsonValue::isNumber);
        return value.isPresent() && Double.isFinite(value.get().asDouble())
                ? OptionalDouble.of(value.get().asDouble()) : OptionalDouble.empty();
    }
}
