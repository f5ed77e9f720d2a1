package org.lowernet.runtime.config;

import java.util.Locale;

/**
 * One thing wrong with a config file, as a value: the runtime logs it, {@code check-config} prints it.
 *
 * @param source   the file as the user named it, e.g. "lowernet.conf" or "/boot/lowernet.conf"
 * @param line     the 1-based line, or 0 when the error is about the whole file
 * @param key      the key as written on the line, empty for whole-file and syntax errors
 * @param value    the value as written, empty when there is none
 * @param expected what would have been right, e.g. "an IPv4 address such as 192.168.1.1"
 * @param found    what was there instead
 */
public record ConfigError(String source, int line, String key, String value, String expected, String found) {

    /**
     * Keys named *.password hold secrets: an error names the line, never the value. So does a key naming a
     * private key, which lowernet.conf never has but a person may paste there by mistake (a WireGuard
     * private key belongs on /data, never in an error that is logged and reported).
     */
    public ConfigError {
        if ((key.endsWith(".password") || key.toLowerCase(Locale.ROOT).contains("private")) && !value.isEmpty()) {
            value = "(not shown)";
        }
    }

    /** One line: "lowernet.conf:7: lan.address = 10.42.0.0/24: expected ..., found ...". */
    public String message() {
        StringBuilder out = new StringBuilder(source);
        if (line > 0) {
            out.append(':').append(line);
        }
        out.append(": ");
        if (!key.isEmpty()) {
            out.append(key).append(value.isEmpty() ? "" : " = " + value).append(": ");
        }
        return out.append("expected ").append(expected).append(", found ").append(found).toString();
    }

    @Override
    public String toString() {
        return message();
    }
}
