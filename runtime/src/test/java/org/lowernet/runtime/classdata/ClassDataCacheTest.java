package org.lowernet.runtime.classdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data cache with the host's JDK 25 (the same HotSpot as the device's JRE): a JVM lists the classes it
 * loads, the cache dumps an archive from that list, a JVM given the archive maps it, and one given a corrupt or
 * missing archive still runs without it. The device's part (debugfs, /data, a reboot) is ClassDataCacheQemuIT's.
 */
class ClassDataCacheTest {

    @TempDir
    Path root;

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    /** A jar on this test's class path: the archive's class path (CDS archives classes of jars only). */
    private static final String JAR = List.of(System.getProperty("java.class.path").split(":")).stream()
            .filter(p -> p.endsWith(".jar") && p.contains("tinylog")).findFirst().orElseThrow();
    private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED");

    /** Runs java with {@code arguments}; its exit code and output, with -XshowSettings:properties' lines. */
    private static String java(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA.toString()));
        command.addAll(OPTIONS);
        command.addAll(arguments);
        command.addAll(List.of("-cp", JAR, "-XshowSettings:properties", "-version"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "java did not finish: " + command);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "java must run, with or without an archive: " + command + "\n" + out);
        return out;
    }

    private static boolean sharing(String settings) {
        return settings.lines().anyMatch(l -> l.strip().startsWith("java.vm.info = ") && l.contains("sharing"));
    }

    private ClassDataCache cache(boolean dataMounted, Optional<Path> given, boolean used) {
        return new ClassDataCache(root, new ClassDataCache.Launch(Optional.of("123-456"), given, used, OPTIONS, JAR),
                () -> dataMounted, this::checkpoint, Duration.ofMinutes(5), ClassDataCache.lowPriority(Path.of("busybox")));
    }

    /** What the checkpoints saw: the archives in place when each ran. */
    private final List<List<Path>> checkpoints = new ArrayList<>();

    /** When set, the checkpoint fails with it (after noting what it saw). */
    private IOException checkpointFails;

    private void checkpoint() throws IOException {
        Path folder = root.resolve(ClassDataCache.FOLDER);
        try (var files = Files.list(folder)) {
            checkpoints.add(files.sorted().toList());
        }
        if (checkpointFails != null) {
            throw checkpointFails;
        }
    }

    @Test
    void anArchiveMadeFromTheListedClassesIsUsedAndACorruptOneIsIgnored() throws Exception {
        Path list = root.resolve(ClassDataCache.LIST);
        Files.createDirectories(list.getParent());
        java(List.of("-Xshare:off", "-XX:DumpLoadedClassList=" + list));
        assertTrue(Files.size(list) > 10_000, "the JVM listed the classes it loaded");
        // A half-written last line, as when the list is read while the JVM still loads classes.
        Files.writeString(list, "java/lang/Obj", java.nio.file.StandardOpenOption.APPEND);
        ClassDataCache cache = cache(true, Optional.empty(), false);
        Path archive = cache.archive();
        Files.createDirectories(archive.getParent());
        Path stale = Files.writeString(archive.resolveSibling("classes-1-2.jsa"), "an update's predecessor");
        Path leftOver = Files.writeString(archive.resolveSibling(archive.getFileName() + ".new"), "a power cut's");

        cache.make(archive);

        assertTrue(Files.size(archive) > 1_000_000, "an archive of some MiB: " + Files.size(archive));
        assertEquals(List.of(List.of(archive)), checkpoints, "one checkpoint, with the archive alone in place");
        assertFalse(Files.exists(stale), "the other runtime's archive is removed");
        assertFalse(Files.exists(leftOver), "the temporary file is gone");
        try (var files = Files.list(list.getParent())) {
            assertEquals(List.of(), files.toList(), "nothing is left in /run, the launcher's list neither");
        }
        List<String> withArchive = List.of("-Xshare:auto", "-XX:SharedArchiveFile=" + archive, "-XX:+VerifySharedSpaces");
        String used = java(withArchive);
        assertTrue(sharing(used), used);
        assertFalse(used.contains("[error]") || used.contains("[warning]"), "the dump matches the options: " + used);

        // A flipped block in the middle: the checksums catch it and the JVM runs without the archive.
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.seek(file.length() / 2);
            file.write(new byte[4096]);
        }
        String corrupt = java(withArchive);
        assertFalse(sharing(corrupt), corrupt);
        // Truncated, and not there at all.
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.setLength(100_000);
        }
        assertFalse(sharing(java(withArchive)));
        Files.delete(archive);
        assertFalse(sharing(java(withArchive)));
    }

    @Test
    void aCheckpointThatFailsLeavesTheArchiveMade() throws Exception {
        Path list = root.resolve(ClassDataCache.LIST);
        Files.createDirectories(list.getParent());
        java(List.of("-Xshare:off", "-XX:DumpLoadedClassList=" + list));
        ClassDataCache cache = cache(true, Optional.empty(), false);
        checkpointFails = new IOException("ioctl(/data, FIFREEZE): errno 95");
        cache.make(cache.archive());
        assertEquals(List.of(List.of(cache.archive())), checkpoints);
        assertTrue(sharing(java(List.of("-Xshare:auto", "-XX:SharedArchiveFile=" + cache.archive()))),
                "the archive is in place and usable");
    }

    @Test
    void withoutDataNothingIsKeptAndTheListGoes() throws Exception {
        Path list = Files.createDirectories(root.resolve("run/lowernet")).resolve("classes.list");
        Files.writeString(list, "java/lang/Object\n");
        Files.writeString(root.resolve(ClassDataCache.RUN_COPY), "copied by the launcher");
        ClassDataCache cache = cache(false, Optional.empty(), false);
        cache.start();
        cache.stop();
        assertFalse(Files.exists(list));
        assertFalse(Files.exists(root.resolve(ClassDataCache.RUN_COPY)));
        assertFalse(Files.exists(root.resolve("data")), "nothing on a /data that is not mounted");
    }

    @Test
    void aJvmStartedByAnotherLauncherHasNoCache() throws Exception {
        ClassDataCache cache = new ClassDataCache(root, new ClassDataCache.Launch(Optional.empty(), Optional.empty(),
                false, List.of(), JAR), () -> true, this::checkpoint, Duration.ZERO, List.of());
        cache.start();
        cache.stop();
        try (var files = Files.list(root)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void theDumpTakesTheJvmsOptionsButTheCachesOwn() {
        assertEquals(List.of("--enable-native-access=ALL-UNNAMED", "-Xmx107m", "-XX:+UseSerialGC"),
                ClassDataCache.Launch.options(List.of("/opt/lowernet/jre/bin/java", "--enable-native-access=ALL-UNNAMED",
                        "-Xmx107m", "-XX:+UseSerialGC", "-XX:DumpLoadedClassList=/run/lowernet/classes.list",
                        "-Dlowernet.classdata.key=1-2", "-Xshare:auto", "-XX:SharedArchiveFile=/data/x.jsa",
                        "-XX:+VerifySharedSpaces", "-Dlowernet.classdata.archive=/data/x.jsa", "-cp", "/opt/lowernet/lib/a.jar",
                        "org.lowernet.runtime.Main", "run")));
        assertEquals(List.of(), ClassDataCache.Launch.options(List.of()));
    }

    @Test
    void theTestSwitchShortensTheDelayAndABadValueOrNoneLeavesAMinute() throws Exception {
        Path root = Files.createDirectories(this.root.resolve("switch"));
        assertEquals(ClassDataCache.DELAY, ClassDataCache.delay(root), "no /proc/cmdline");
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/cmdline"), "console=ttyAMA0 quiet\n");
        assertEquals(Duration.ofSeconds(60), ClassDataCache.delay(root));
        Files.writeString(root.resolve("proc/cmdline"), "quiet lowernet.test.classdata.delay=10 rw\n");
        assertEquals(Duration.ofSeconds(10), ClassDataCache.delay(root));
        for (String bad : List.of("0", "3601", "ten", "-5", "")) {
            Files.writeString(root.resolve("proc/cmdline"), "lowernet.test.classdata.delay=" + bad + "\n");
            assertEquals(ClassDataCache.DELAY, ClassDataCache.delay(root), bad);
        }
    }
}
