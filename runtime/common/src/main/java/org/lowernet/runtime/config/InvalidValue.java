package org.lowernet.runtime.config;

/**
 * Thrown by a {@link ValueType} when a value does not parse; the key and line are added by the caller.
 *
 * @param expected what the key accepts, e.g. "an IPv4 address such as 192.168.1.1"
 * @param found    what was wrong with the value, e.g. "'300' is not a number from 0 to 255"
 */
final class InvalidValue extends Exception {

    private final String expected;
    private final String found;

    InvalidValue(String expected, String found) {
        super("expected " + expected + ", found " + found, null, false, false);
        this.expected = expected;
        this.found = found;
    }

    String expected() {
        return expected;
    }

    String found() {
        return found;
    }
}
