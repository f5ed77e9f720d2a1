package org.lowernet.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What a system test needs from the host (root, a tool from a Debian package). Missing: the test fails under
 * CI=true, where it must run, and is skipped with the reason elsewhere.
 */
public final class Requires {

    private Requires() {
    }

    public static void that(boolean condition, String message) {
        if (condition) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    /** The program {@code tool}, which the Debian packages {@code packages} install (scripts/test does). */
    public static void executable(Path tool, String packages) {
        that(Files.isExecutable(tool), tool + " is missing; apt-get install " + packages);
    }
}
