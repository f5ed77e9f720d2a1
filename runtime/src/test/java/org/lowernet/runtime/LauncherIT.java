package org.lowernet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An OutOfMemoryError ends the runtime, as the device starts it: the assembled launcher (target/lowernet-runtime,
 * made in the package phase) runs the real JVM with a small heap, and the test-only switch
 * {@code lowernet.test.crash=oom} on the root's kernel command line exhausts the heap on a thread of its own.
 * The process must exit with the JVM's out-of-memory code promptly, not live on half-alive; with the launcher's
 * flag turned off again it does live on, which the switch itself reports (so the test can tell the two apart).
 */
class LauncherIT {

    static final Path LAUNCHER = Path.of("target/lowernet-runtime/bin/lowernet").toAbsolutePath();
    /** HotSpot's exit code for -XX:+ExitOnOutOfMemoryError (vmError.cpp: os::_exit(3)). */
    static final int OUT_OF_MEMORY_EXIT = 3;
    static final Duration BOUND = Duration.ofSeconds(60);

    @TempDir
    Path root;

    private record Ended(int code, String output, double seconds) {
    }

    private Ended run(String extraJavaOptions) throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/cmdline"), "console=ttyAMA0 lowernet.test.crash=oom panic=10\n");
        Path log = root.resolve("out-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder("sh", LAUNCHER.toString(), "run").redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("LOWERNET_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // A later -Xmx wins over the launcher's: 24 MiB fills up in a moment.
        builder.environment().put("LOWERNET_JAVA_OPTS", "-Dlowernet.root=" + root + " -Xmx24m " + extraJavaOptions);
        long began = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the runtime was still alive " + BOUND + " after start with its heap exhausted:\n"
                    + read(log));
        }
        return new Ended(process.exitValue(), read(log), (System.nanoTime() - began) / 1e9);
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Test
    void anOutOfMemoryErrorEndsTheProcessAndTheNextStartCountsIt() throws Exception {
        Ended ended = run("");
        System.out.printf(Locale.ROOT, "LauncherIT: the heap exhausted, the runtime exited %d after %.1f s%n",
                ended.code(), ended.seconds());
        assertEquals(OUT_OF_MEMORY_EXIT, ended.code(), ended.output());
        assertTrue(ended.output().contains("Terminating due to java.lang.OutOfMemoryError: Java heap space"),
                ended.output());
        assertTrue(ended.output().contains("TEST-ONLY crash switch lowernet.test.crash=oom"), ended.output());
        // No Java code ran after the error: the start is still marked running, the next one counts it.
        String record = read(root.resolve("run/lowernet/crash-loop"));
        assertTrue(record.contains("\nrunning ") && !record.contains("\ncrash "), record);
    }

    @Test
    void withoutTheLaunchersFlagTheProcessWouldLiveOnHalfAlive() throws Exception {
        Ended ended = run("-XX:-ExitOnOutOfMemoryError");
        assertEquals(1, ended.code(), ended.output());
        assertTrue(ended.output().contains("the allocating thread died"), ended.output());
        assertTrue(ended.output().contains("java.lang.OutOfMemoryError"), ended.output());
    }
}
