package org.lowernet.runtime.config;

import java.util.Optional;

/**
 * One entry of the key registry: what a key is called, what it holds, its default and its documentation.
 * CONFIG.md's table is checked against these fields, so the documentation cannot drift.
 *
 * @param pattern      the key, or a family of keys with one {@code <placeholder>}: "interface.<name>.role"
 * @param placeholder  the type of the placeholder's text, when the pattern has one
 * @param type         the type of the value
 * @param defaultText  the default as CONFIG.md shows it: a literal value, or a description ("none")
 * @param defaultValue the default, when it is a literal value
 * @param meaning      one sentence for CONFIG.md
 * @param example      a valid value, shown in CONFIG.md and used by the tests
 * @param <T>          the value's Java type
 */
public record Key<T>(String pattern, Optional<ValueType<String>> placeholder, ValueType<T> type, String defaultText,
                     Optional<T> defaultValue, String meaning, String example) {

    public Key {
        boolean hasPlaceholder = pattern.indexOf('<') >= 0;
        if (hasPlaceholder != placeholder.isPresent()
                || hasPlaceholder && pattern.indexOf('<') != pattern.lastIndexOf('<')) {
            throw new IllegalArgumentException(pattern + ": a key has one <placeholder> with a type, or none");
        }
    }

    /** A key with a literal default, parsed here so a bad default fails at class load, not on a device. */
    public static <T> Key<T> of(String name, ValueType<T> type, String defaultText, String meaning, String example) {
        try {
            return new Key<>(name, Optional.empty(), type, defaultText, Optional.of(type.parse(defaultText)),
                    meaning, example);
        } catch (InvalidValue e) {
            throw new IllegalArgumentException(name + ": default " + defaultText + " is invalid: " + e.getMessage(), e);
        }
    }

    /** A key without a literal default: absent, or computed from other facts, as {@code defaultText} says. */
    public static <T> Key<T> optional(String name, ValueType<T> type, String defaultText, String meaning,
                                      String example) {
        return new Key<>(name, Optional.empty(), type, defaultText, Optional.empty(), meaning, example);
    }

    /** A family of keys such as "interface.<name>.role", one per placeholder value. */
    public static <T> Key<T> family(String pattern, ValueType<String> placeholder, ValueType<T> type,
                                    String defaultText, String meaning, String example) {
        return new Key<>(pattern, Optional.of(placeholder), type, defaultText, Optional.empty(), meaning, example);
    }

    /** The literal before the placeholder, or the whole key. */
    String prefix() {
        int open = pattern.indexOf('<');
        return open < 0 ? pattern : pattern.substring(0, open);
    }

    /** The literal after the placeholder, or "". */
    String suffix() {
        return placeholder.isEmpty() ? "" : pattern.substring(pattern.indexOf('>') + 1);
    }

    /** The placeholder's text if {@code key} is of this family (not yet checked against its type). */
    Optional<String> match(String key) {
        if (placeholder.isEmpty()) {
            return key.equals(pattern) ? Optional.of("") : Optional.empty();
        }
        String prefix = prefix();
        String suffix = suffix();
        if (key.length() > prefix.length() + suffix.length() && key.startsWith(prefix) && key.endsWith(suffix)) {
            return Optional.of(key.substring(prefix.length(), key.length() - suffix.length()));
        }
        return Optional.empty();
    }

    /** The key this pattern would make from {@code key}'s middle part, to suggest for a misspelt family key. */
    String nearest(String key) {
        if (placeholder.isEmpty()) {
            return pattern;
        }
        int first = key.indexOf('.');
        int last = key.lastIndexOf('.');
        String middle = first < 0 ? key : first == last ? key.substring(first + 1) : key.substring(first + 1, last);
        return prefix() + middle + suffix();
    }
}
