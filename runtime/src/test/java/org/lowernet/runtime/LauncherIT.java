package org.lowernet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.board.JvmOptions;

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
    /** More than HotSpot's heap alignment, to which it rounds -Xmx up. */
    static final long ALIGNMENT_SLACK = 4L * 1024 * 1024;

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

    /**
     * Every board's options are ones HotSpot takes (an unknown or malformed -XX option stops the JVM at start), and
     * the JVM's final flags, which it prints itself (-XX:+PrintFlagsFinal), are the ones the board profile asks for:
     * -Xmx by its heap rule for a 512 MB board's MemTotal, and each -XX option's value.
     */
    @Test
    void theJvmRunsWithEachBoardsOptions() throws Exception {
        for (int i = 0; i < LauncherTest.BOARDS.size(); i++) {
            Path board = Files.createDirectories(root.resolve(LauncherTest.BOARDS.get(i)));
            LauncherTest.layBoards(board, LauncherTest.MODELS.get(i));
            Files.writeString(board.resolve("proc/meminfo"), "MemTotal:         439788 kB\n");
            JvmOptions asked = LauncherTest.boardConf(LauncherTest.BOARDS.get(i)).jvm();
            ProcessBuilder builder = new ProcessBuilder("sh", LAUNCHER.toString(), "run").redirectErrorStream(true);
            builder.environment().put("LOWERNET_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
            builder.environment().put("LOWERNET_ROOT", board.toString());
            builder.environment().put("LOWERNET_JAVA_OPTS", "-XX:+PrintFlagsFinal -version");
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS), out);
            assertEquals(0, process.exitValue(), LauncherTest.BOARDS.get(i) + ": " + out);
            Map<String, String> flags = new HashMap<>();
            Matcher m = Pattern.compile("(?m)^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S+)").matcher(out);
            while (m.find()) {
                flags.put(m.group(1), m.group(2));
            }
            String where = LauncherTest.BOARDS.get(i) + " " + asked;
            // HotSpot rounds -Xmx up to its heap alignment (2 MiB here: 107m runs as 108m).
            long xmx = asked.heapMib(439_788) * 1024L * 1024;
            long maxHeap = Long.parseLong(flags.getOrDefault("MaxHeapSize", "-1"));
            assertTrue(maxHeap >= xmx && maxHeap < xmx + ALIGNMENT_SLACK, maxHeap + " for -Xmx " + xmx + ": " + where);
            for (String option : asked.options()) {
                Matcher xx = Pattern.compile("-XX:([+-]?)(\\w+)(?:=(\\S+))?").matcher(option);
                if (!xx.matches()) {
                    continue; // -Xss and the like: taken, as the exit code says
                }
                String expected = xx.group(3) != null ? String.valueOf(bytesOrNumber(xx.group(3)))
                        : String.valueOf(xx.group(1).equals("+"));
                assertEquals(expected, flags.get(xx.group(2)), option + " on " + where);
            }
        }
    }

    /** A flag value as PrintFlagsFinal prints it: 16m is 16777216. */
    private static long bytesOrNumber(String value) {
        long unit = switch (Character.toLowerCase(value.charAt(value.length() - 1))) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1;
        };
        return Long.parseLong(unit == 1 ? value : value.substring(0, value.length() - 1)) * unit;
    }

    @Test
    void withoutTheLaunchersFlagTheProcessWouldLiveOnHalfAlive() throws Exception {
        Ended ended = run("-XX:-ExitOnOutOfMemoryError");
        assertEquals(1, ended.code(), ended.output());
        assertTrue(ended.output().contains("the allocating thread died"), ended.output());
        assertTrue(ended.output().contains("java.lang.OutOfMemoryError"), ended.output());
    }
}
