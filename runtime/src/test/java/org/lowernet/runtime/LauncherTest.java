package org.lowernet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's launcher script (src/main/device/bin/lowernet) sizes the heap from MemTotal: it is run with
 * a stand-in for java that prints its arguments, and a meminfo file for each board.
 */
class LauncherTest {

    static final Path LAUNCHER = Path.of("src/main/device/bin/lowernet").toAbsolutePath();

    @TempDir
    Path dir;

    /** The arguments the launcher hands java on a board whose /proc/meminfo says {@code meminfo}. */
    private List<String> javaArguments(String meminfo) throws Exception {
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Path file = Files.writeString(dir.resolve("meminfo"), meminfo);
        ProcessBuilder builder = new ProcessBuilder("sh", LAUNCHER.toString(), "run").redirectErrorStream(true);
        builder.environment().put("LOWERNET_JAVA", java.toString());
        builder.environment().put("LOWERNET_MEMINFO", file.toString());
        builder.environment().remove("LOWERNET_JAVA_OPTS");
        Process process = builder.start();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the launcher did not finish");
        String out = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.exitValue(), out);
        return out.lines().toList();
    }

    private String heap(String memTotalKb) throws Exception {
        List<String> args = javaArguments("MemTotal:       " + memTotalKb + " kB\nMemFree:  1000 kB\n");
        assertTrue(args.contains("-XX:+ExitOnOutOfMemoryError"), "an OutOfMemoryError must end the process: " + args);
        assertTrue(args.contains("-XX:+UseSerialGC"), args.toString());
        assertEquals(List.of("org.lowernet.runtime.Main", "run"), args.subList(args.size() - 2, args.size()));
        return args.stream().filter(a -> a.startsWith("-Xmx")).reduce((a, b) -> a + " " + b).orElse("none");
    }

    @Test
    void theHeapIsAQuarterOfTheRamWithinAFloorAndACap() throws Exception {
        assertEquals("-Xmx107m", heap("439788"), "a Pi Zero 2 W: 512 MB, ~430 MiB after the firmware's share");
        assertEquals("-Xmx230m", heap("944000"), "a Pi 3: 1 GB");
        assertEquals("-Xmx256m", heap("7999000"), "a Pi 4 with 8 GB: the cap");
        assertEquals("-Xmx64m", heap("200000"), "a small machine: the floor");
        assertEquals("-Xmx64m", String.join(" ", javaArguments("garbled\n").stream()
                .filter(a -> a.startsWith("-Xmx")).toList()), "no MemTotal line: the floor");
    }
}
