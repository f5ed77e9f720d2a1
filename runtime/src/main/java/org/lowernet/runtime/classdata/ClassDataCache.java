package org.lowernet.runtime.classdata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.lowernet.runtime.data.AtomicFile;
import org.lowernet.runtime.subsystem.Subsystem;
import org.tinylog.Logger;

/**
 * Says whether this start used the class-data cache and, {@link #DELAY} after the start, makes one for the next
 * start when there is none for this runtime and JRE or the JVM refused the one there (see the package). Nothing
 * where /data is not mounted: no archive, and the launcher's class list is removed.
 */
public final class ClassDataCache implements Subsystem {

    /** Where the archives live; one per runtime and JRE, named {@code classes-<key>.jsa}. */
    public static final String FOLDER = "data/lowernet/jvm";
    /** The classes this start loaded, as the launcher has the JVM write them (-XX:DumpLoadedClassList). */
    static final String LIST = "run/lowernet/classes.list";
    /** The launcher's copy of the archive at a power-on, before /data was mounted. */
    static final String RUN_COPY = "run/lowernet/classes.jsa";
    /** Long enough after ready that MQTT, SSH and the first leases have loaded their classes too. */
    public static final Duration DELAY = Duration.ofSeconds(60);
    /**
     * FOR TESTS ONLY: {@code lowernet.test.classdata.delay=SECONDS} on the kernel command line shortens
     * {@link #DELAY}, so that a system test of the cache need not wait a minute per boot.
     */
    public static final String TEST_DELAY = "lowernet.test.classdata.delay";
    /** A dump takes seconds on a host and well under a minute on a Pi; past this something is wrong. */
    static final Duration DUMP_LIMIT = Duration.ofMinutes(10);

    private final Path root;
    private final Launch launch;
    private final BooleanSupplier dataMounted;
    private final Checkpoint checkpoint;
    private final Duration delay;
    private final List<String> lowPriority;
    private Thread maker;

    /**
     * @param launch      what the launcher did and what the JVM made of it
     * @param dataMounted whether /data is the data partition (else nothing is kept anywhere)
     * @param checkpoint  puts a new archive into /data's own blocks, where the launcher's ext4-copy reads it
     * @param lowPriority the command prefix that runs the dump at low CPU priority ({@link #lowPriority})
     */
    public ClassDataCache(Path root, Launch launch, BooleanSupplier dataMounted, Checkpoint checkpoint, Duration delay,
                          List<String> lowPriority) {
        this.root = root;
        this.launch = launch;
        this.dataMounted = dataMounted;
        this.checkpoint = checkpoint;
        this.delay = delay;
        this.lowPriority = List.copyOf(lowPriority);
    }

    /** {@link #DELAY}, or the test switch's seconds (1 to 3600) on {@code <root>/proc/cmdline}. */
    public static Duration delay(Path root) {
        String cmdline;
        try {
            cmdline = Files.readString(root.resolve("proc/cmdline"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return DELAY;
        }
        Optional<String> value = Arrays.stream(cmdline.strip().split("\\s+"))
                .filter(word -> word.startsWith(TEST_DELAY + "=")).map(word -> word.substring(TEST_DELAY.length() + 1))
                .reduce((first, second) -> second);
        if (value.isEmpty()) {
            return DELAY;
        }
        if (value.get().matches("[0-9]{1,4}") && Integer.parseInt(value.get()) >= 1
                && Integer.parseInt(value.get()) <= 3600) {
            Logger.warn("TEST-ONLY switch {}={} on the kernel command line: the class-data cache is made {} s after"
                    + " a start", TEST_DELAY, value.get(), value.get());
            return Duration.ofSeconds(Integer.parseInt(value.get()));
        }
        Logger.error("{}={} on the kernel command line is not 1 to 3600 seconds: ignored", TEST_DELAY, value.get());
        return DELAY;
    }

    @Override
    public String name() {
        return "class-data";
    }

    @Override
    public boolean essential() {
        return false;
    }

    @Override
    public void start() throws IOException {
        if (launch.key().isEmpty()) {
            Logger.info("class data: no cache (the JVM was not started by the device's launcher)");
            return;
        }
        // The JVM has mapped what it used of the copy; a restarted runtime reads the one on /data.
        Files.deleteIfExists(root.resolve(RUN_COPY));
        if (!dataMounted.getAsBoolean()) {
            Files.deleteIfExists(root.resolve(LIST));
            Logger.info("class data: no /data, so no cache: each start parses every class again");
            return;
        }
        Path target = archive();
        if (launch.used()) {
            Logger.info("class data: this start used the cache {} ({} KiB)", target, Files.size(target) / 1024);
            removeOthers(target);
            Files.deleteIfExists(root.resolve(LIST));
            return;
        }
        if (launch.archive().isPresent()) {
            Logger.warn("class data: the cache {} was NOT used (the JVM found it stale or corrupt); making it again"
                    + " {} s after this start", target, delay.toSeconds());
        } else {
            Logger.info("class data: no cache for this runtime and JRE yet; making one {} s after this start",
                    delay.toSeconds());
        }
        maker = Thread.ofPlatform().daemon().name("class-data").start(() -> {
            try {
                Thread.sleep(delay);
                make(target);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopped first: nothing made, the temporary file is gone
            } catch (IOException e) {
                Logger.warn("class data: making the cache {} failed: {}", target, e.getMessage());
            }
        });
    }

    /**
     * The command prefix that runs a program at the lowest CPU priority with busybox alone (its {@code nice} is
     * not built in, {@code renice} is): the shell lowers its own priority, then becomes the program.
     */
    public static List<String> lowPriority(Path busybox) {
        return List.of(busybox.toString(), "sh", "-c", "\"$0\" renice -n 19 -p $$ >/dev/null && exec \"$@\"",
                busybox.toString());
    }

    /** This runtime's and JRE's archive on /data. */
    Path archive() {
        return root.resolve(FOLDER).resolve("classes-" + launch.key().orElseThrow() + ".jsa");
    }

    /**
     * Dumps the classes the launcher's list names into {@code target} with this JVM's own options and class path
     * (the archive must match them), at low priority, and puts it in place atomically; other archives go.
     */
    void make(Path target) throws IOException, InterruptedException {
        long began = System.nanoTime();
        Path folder = Files.createDirectories(target.getParent());
        Path list = root.resolve(LIST);
        // The JVM appends to the list as it loads classes: a line may be half written.
        String listed = Files.readString(list, StandardCharsets.UTF_8);
        Path complete = Files.writeString(list.resolveSibling("classes.dump-list"),
                listed.substring(0, listed.lastIndexOf('\n') + 1), StandardCharsets.UTF_8);
        Path temporary = AtomicFile.temporary(target);
        Path output = list.resolveSibling("classes.dump-log");
        List<String> command = new ArrayList<>(lowPriority);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch.jvmOptions());
        command.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + complete,
                "-XX:SharedArchiveFile=" + temporary, "-cp", launch.classPath()));
        Process dump = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!dump.waitFor(DUMP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IOException("java -Xshare:dump did not finish within " + DUMP_LIMIT.toMinutes() + " min");
            }
            if (dump.exitValue() != 0 || !Files.exists(temporary) || Files.size(temporary) == 0) {
                throw new IOException("java -Xshare:dump exited with " + dump.exitValue() + ": " + tail(output));
            }
            AtomicFile.commit(temporary, target);
        } finally {
            dump.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(temporary);
            Files.deleteIfExists(complete);
            Files.deleteIfExists(output);
        }
        // Its RAM back: the JVM writes on into the removed file, and the next start lists afresh.
        Files.deleteIfExists(list);
        removeOthers(target);
        // The launcher reads the archive at a power-on by debugfs's map, which ignores ext4's journal: without this a
        // power cut in the next ~30 s (until writeback) would leave the rename only in the journal.
        try {
            checkpoint.run();
        } catch (IOException e) {
            Logger.warn("class data: {} is made but still only in /data's journal ({}): a power cut in the next"
                    + " ~30 s makes the next start go without it", target, e.getMessage());
        }
        Logger.info("class data: made the cache {} for the next start ({} KiB, {} classes listed, {} ms)", target,
                Files.size(target) / 1024, listed.lines().filter(l -> !l.startsWith("@")).count(),
                (System.nanoTime() - began) / 1_000_000);
    }

    /** Makes what /data's journal holds readable without it. */
    @FunctionalInterface
    public interface Checkpoint {
        void run() throws IOException;
    }

    /** Archives of other runtimes or JREs (an update) and temporary files a power cut left behind. */
    private void removeOthers(Path keep) throws IOException {
        try (Stream<Path> files = Files.list(keep.getParent())) {
            for (Path other : files.filter(f -> !f.equals(keep)).toList()) {
                Files.delete(other);
                Logger.info("class data: removed {}", other);
            }
        }
    }

    private static String tail(Path output) throws IOException {
        List<String> lines = Files.exists(output) ? Files.readAllLines(output, StandardCharsets.UTF_8) : List.of();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    @Override
    public void stop() throws InterruptedException {
        if (maker != null) {
            maker.interrupt();
            maker.join(Duration.ofSeconds(10));
        }
    }

    /**
     * What the launcher did and what the JVM made of it.
     *
     * @param key        the launcher's checksum of this runtime and JRE; empty when another launcher started the JVM
     * @param archive    the archive the launcher gave the JVM, if any
     * @param used       whether the JVM maps classes from an archive ({@code java.vm.info} says "sharing")
     * @param jvmOptions this JVM's options but the cache's own, for the dump
     * @param classPath  this JVM's class path (the launcher's wildcard expanded), for the dump
     */
    public record Launch(Optional<String> key, Optional<Path> archive, boolean used, List<String> jvmOptions,
                         String classPath) {

        static final String KEY = "lowernet.classdata.key";
        static final String ARCHIVE = "lowernet.classdata.archive";

        public Launch {
            jvmOptions = List.copyOf(jvmOptions);
        }

        /** This JVM's: its system properties and its command line ({@code /proc/self/cmdline}). */
        public static Launch current() throws IOException {
            Optional<String> key = Optional.ofNullable(System.getProperty(KEY));
            Path cmdline = Path.of("/proc/self/cmdline");
            List<String> arguments = key.isPresent() && Files.exists(cmdline)
                    ? List.of(Files.readString(cmdline, StandardCharsets.UTF_8).split("\0")) : List.of();
            return new Launch(key, Optional.ofNullable(System.getProperty(ARCHIVE)).map(Path::of),
                    System.getProperty(ARCHIVE) != null && System.getProperty("java.vm.info", "").contains("sharing"),
                    options(arguments), System.getProperty("java.class.path"));
        }

        /**
         * The options of a java command line (program, options, -cp and its value, main class, arguments) that a
         * dump must share with the start that uses its archive: all but the class path and the cache's own.
         */
        static List<String> options(List<String> commandLine) {
            List<String> options = new ArrayList<>();
            for (String argument : commandLine.subList(Math.min(1, commandLine.size()), commandLine.size())) {
                if (argument.equals("-cp") || argument.equals("-classpath") || argument.equals("--class-path")
                        || !argument.startsWith("-")) {
                    break;
                }
                if (!argument.startsWith("-Xshare") && !argument.startsWith("-XX:SharedArchiveFile=")
                        && !argument.startsWith("-XX:DumpLoadedClassList=") && !argument.contains("VerifySharedSpaces")
                        && !argument.startsWith("-Dlowernet.classdata.")) {
                    options.add(argument);
                }
            }
            return options;
        }
    }
}
