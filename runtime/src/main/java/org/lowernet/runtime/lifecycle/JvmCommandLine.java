package org.lowernet.runtime.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The options this JVM really runs with (the launcher's, the board profile's), read back from the kernel's record of
 * the process rather than from what the launcher meant to pass: tests compare it with the board profile, people see
 * it on the console. Always the real /proc/self, also under a test root: it is this process's own.
 */
final class JvmCommandLine {

    private JvmCommandLine() {
    }

    /** The arguments after the java binary, space-separated; what went wrong reading them, otherwise. */
    static String read() {
        try {
            String[] args = Files.readString(Path.of("/proc/self/cmdline"), StandardCharsets.UTF_8).split("\0");
            return String.join(" ", Arrays.copyOfRange(args, 1, args.length));
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
