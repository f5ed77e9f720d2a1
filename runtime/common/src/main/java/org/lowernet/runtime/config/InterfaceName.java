package org.lowernet.runtime.config;

import java.util.Optional;

/**
 * The one rule for a Linux network interface name, shared by lowernet.conf, board.conf and the runtime's
 * desired network state: what dev_valid_name() in net/core/dev.c accepts, in printable ASCII (the kernel
 * counts bytes, so only ASCII makes 15 characters mean 15 bytes).
 */
public final class InterfaceName {

    /** Linux's IFNAMSIZ is 16 including the terminating NUL (include/uapi/linux/if.h). */
    public static final int MAX_LENGTH = 15;
    /** What a valid name looks like, for "expected ..." in messages. */
    public static final String EXPECTED = "an interface name of 1 to " + MAX_LENGTH
            + " characters without '/', ':' or spaces, such as eth0";

    private InterfaceName() {
    }

    /** What is wrong with {@code text} as an interface name ("'eth 0'"), or empty when it is valid. */
    public static Optional<String> problem(String text) {
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            return Optional.of("'" + text + "' (" + text.length() + " characters)");
        }
        if (text.equals(".") || text.equals("..") || text.chars().anyMatch(c -> c == '/' || c == ':'
                || Character.isWhitespace(c) || c < 0x21 || c > 0x7e)) {
            return Optional.of("'" + text + "'");
        }
        return Optional.empty();
    }

    /** {@code text} when it is a valid name; else an IllegalArgumentException saying what was expected and found. */
    public static String require(String text) {
        problem(text).ifPresent(found -> {
            throw new IllegalArgumentException("expected " + EXPECTED + ", found " + found);
        });
        return text;
    }
}
