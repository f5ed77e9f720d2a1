package org.lowernet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.board.Board;
import org.lowernet.runtime.board.BoardProfiles;
import org.lowernet.runtime.board.JvmOptions;

/**
 * The device's launcher script (src/main/device/bin/lowernet) sizes the heap from MemTotal, adds the board's JVM
 * options and limits malloc's arenas: it is run with a stand-in for java that prints its arguments, below a test root with a meminfo file, a
 * device-tree model and the board files the image builder writes (JvmOptions#launcherFile of the repository's
 * board.conf files).
 */
class LauncherTest {

    static final Path LAUNCHER = Path.of("src/main/device/bin/lowernet").toAbsolutePath();
    static final List<String> BOARDS = List.of("qemu-virt", "rpi3", "rpi4", "rpizero2w");
    /** A device-tree model of each of {@link #BOARDS}, in the same order. */
    static final List<String> MODELS = List.of("linux,dummy-virt", "Raspberry Pi 3 Model B Plus Rev 1.3",
            "Raspberry Pi 4 Model B Rev 1.4", "Raspberry Pi Zero 2 W Rev 1.0");

    @TempDir
    Path dir;

    /** The arguments the launcher hands java on a board whose /proc/meminfo says {@code meminfo}. */
    private List<String> javaArguments(String meminfo) throws Exception {
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX\"\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Files.createDirectories(dir.resolve("root/proc"));
        Files.writeString(dir.resolve("root/proc/meminfo"), meminfo);
        ProcessBuilder builder = new ProcessBuilder("sh", LAUNCHER.toString(), "run").redirectErrorStream(true);
        builder.environment().put("LOWERNET_JAVA", java.toString());
        builder.environment().put("LOWERNET_ROOT", dir.resolve("root").toString());
        builder.environment().remove("LOWERNET_JAVA_OPTS");
        builder.environment().remove("MALLOC_ARENA_MAX");
        Process process = builder.start();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the launcher did not finish");
        String out = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertEquals("MALLOC_ARENA_MAX=2", lines.getFirst(), "glibc's arenas for a control plane's few threads");
        List<String> args = lines.subList(1, lines.size());
        assertTrue(args.contains("-XX:+ExitOnOutOfMemoryError"), "an OutOfMemoryError must end the process: " + args);
        assertTrue(args.contains("-XX:+UseSerialGC"), args.toString());
        assertEquals(List.of("org.lowernet.runtime.Main", "run"), args.subList(args.size() - 2, args.size()));
        return args;
    }

    private static String meminfo(long memTotalKb) {
        return "MemTotal:       " + memTotalKb + " kB\nMemFree:  1000 kB\n";
    }

    private String heap(long memTotalKb) throws Exception {
        return heapOf(javaArguments(meminfo(memTotalKb)));
    }

    private static String heapOf(List<String> args) {
        return String.join(" ", args.stream().filter(a -> a.startsWith("-Xmx")).toList());
    }

    private void model(String model) throws IOException {
        layBoards(dir.resolve("root"), model);
    }

    /** The repository's board/{@code id}/board.conf. */
    static Board boardConf(String id) throws IOException {
        return Board.read(Path.of("..", "board", id, "board.conf"), id);
    }

    /** Below {@code root}: the image's board files, as the builder lays them out, and a device tree saying {@code model}. */
    static void layBoards(Path root, String model) throws IOException {
        Path folder = Files.createDirectories(root.resolve(BoardProfiles.FOLDER));
        for (String id : BOARDS) {
            Board board = boardConf(id);
            Files.writeString(folder.resolve(id + JvmOptions.SUFFIX),
                    board.jvm().launcherFile(id, board.profile().models()));
        }
        Files.createDirectories(root.resolve("proc/device-tree"));
        Files.writeString(root.resolve("proc/device-tree/model"), model + "\0");
    }

    @Test
    void withoutABoardProfileTheHeapIsAQuarterOfTheRamWithinAFloorAndACap() throws Exception {
        assertEquals("-Xmx107m", heap(439_788), "512 MB: ~430 MiB after the firmware's share");
        assertEquals("-Xmx230m", heap(944_000), "1 GB");
        assertEquals("-Xmx256m", heap(7_999_000), "8 GB: the cap");
        assertEquals("-Xmx64m", heap(200_000), "a small machine: the floor");
        assertEquals("-Xmx64m", heapOf(javaArguments("garbled\n")), "no MemTotal line: the floor");
    }

    @Test
    void theBoardsProfileGivesTheHeapRuleAndItsOptions() throws Exception {
        model("Raspberry Pi Zero 2 W Rev 1.0");
        JvmOptions zero = boardConf("rpizero2w").jvm();
        List<String> args = javaArguments(meminfo(439_788));

        assertEquals("-Xmx" + zero.heapMib(439_788) + "m", heapOf(args));
        assertTrue(!zero.options().isEmpty() && args.containsAll(zero.options()), zero + " in " + args);
        // After the launcher's own options, so that the board's win; before the test's, which win over both.
        assertTrue(args.indexOf(zero.options().getFirst()) > args.indexOf("-XX:+ExitOnOutOfMemoryError"), args.toString());
    }

    /** sh's arithmetic and JvmOptions#heapMib, which tests use to know the -Xmx to expect, agree on every board. */
    @Test
    void theLauncherAndJvmOptionsComputeTheSameHeap() throws Exception {
        for (int i = 0; i < BOARDS.size(); i++) {
            model(MODELS.get(i));
            JvmOptions jvm = boardConf(BOARDS.get(i)).jvm();
            for (long kb : List.of(100_000L, 439_788L, 1_004_000L, 3_900_000L, 7_999_000L)) {
                List<String> args = javaArguments(meminfo(kb));
                assertEquals("-Xmx" + jvm.heapMib(kb) + "m", heapOf(args), BOARDS.get(i) + " with MemTotal " + kb);
                assertTrue(args.containsAll(jvm.options()), BOARDS.get(i) + ": " + args);
            }
        }
    }

    @Test
    void anUnknownModelGetsTheDefaultRuleAndNoBoardOptions() throws Exception {
        model("Some Other Board");
        List<String> args = javaArguments(meminfo(439_788));

        assertEquals("-Xmx107m", heapOf(args));
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED", "-Xmx107m", "-XX:MaxMetaspaceSize=64m",
                "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-cp"), args.subList(0, 6));
    }
}
