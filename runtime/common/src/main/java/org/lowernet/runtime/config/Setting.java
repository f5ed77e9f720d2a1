package org.lowernet.runtime.config;

/**
 * A key given in the file, with its typed value and where it was written, for cross-field messages.
 *
 * @param line        1-based line number
 * @param key         the key as written
 * @param text        the value as written
 * @param placeholder the placeholder's text for family keys ("eth0" in interface.eth0.role), else ""
 * @param value       the parsed value
 * @param <T>         the value's Java type
 */
public record Setting<T>(int line, String key, String text, String placeholder, T value) {
}
