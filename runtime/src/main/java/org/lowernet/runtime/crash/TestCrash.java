package org.lowernet.runtime.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * FOR TESTS ONLY: {@code lowernet.test.crash=start} or {@code =oom} on the kernel command line makes every
 * start outside safe mode fail, so that system tests can drive a real crash loop and a real out-of-memory end.
 * The kernel command line is what a test can set before the system starts (QEMU's {@code -append}); nothing a
 * person sets by mistake in {@code lowernet.conf} can crash a router. Safe mode ignores it, as it ignores the file.
 */
public enum TestCrash {

    /** Fail at once, as a runtime with a fatal bug in its start would. */
    START,
    /** Allocate on another thread until the heap is exhausted; what happens next is the JVM options' doing. */
    OOM;

    public static final String SWITCH = "lowernet.test.crash";
    /** How long the main thread waits for the allocating thread: far beyond any heap filling up. */
    static final Duration OOM_WAIT = Duration.ofSeconds(60);

    /** The switch on {@code <root>/proc/cmdline}; a value it does not know is said and ignored. */
    public static Optional<TestCrash> read(Path root) throws IOException {
        String cmdline;
        try {
            cmdline = Files.readString(root.resolve("proc/cmdline"), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Optional<String> value = Arrays.stream(cmdline.strip().split("\\s+"))
                .filter(word -> word.startsWith(SWITCH + "=")).map(word -> word.substring(SWITCH.length() + 1))
                .reduce((first, second) -> second);
        Optional<TestCrash> crash = value.flatMap(v -> Arrays.stream(values())
                .filter(c -> c.word().equals(v)).findFirst());
        if (value.isPresent() && crash.isEmpty()) {
            Logger.error("{}={} on the kernel command line is not a test crash (start, oom): ignored", SWITCH,
                    value.get());
        }
        return crash;
    }

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Crashes as asked; returns only by throwing. */
    public void now() throws InterruptedException {
        Logger.error("TEST-ONLY crash switch {}={} on the kernel command line: this start fails on purpose", SWITCH,
                word());
        if (this == START) {
            throw new IllegalStateException("test-only crash at start (" + SWITCH + "=start on the kernel command line)");
        }
        Thread hog = new Thread(TestCrash::exhaustHeap, "test-oom");
        hog.start();
        hog.join(OOM_WAIT.toMillis());
        // Without -XX:+ExitOnOutOfMemoryError the allocating thread dies and the rest lives on, half-alive.
        throw new IllegalStateException("test-only out-of-memory (" + SWITCH + "=oom): the heap was exhausted but"
                + " the process did not end (" + (hog.isAlive() ? "still allocating" : "the allocating thread died")
                + "); the launcher's -XX:+ExitOnOutOfMemoryError is missing");
    }

    /** Holds every block, so nothing can be collected; bounded at twice the maximum heap. */
    private static void exhaustHeap() {
        List<byte[]> held = new ArrayList<>();
        int block = 1 << 20;
        long blocks = 2 * Runtime.getRuntime().maxMemory() / block;
        for (long i = 0; i < blocks; i++) {
            held.add(new byte[block]);
        }
        Logger.error("test-only out-of-memory: {} MiB held and no OutOfMemoryError", held.size());
    }
}
