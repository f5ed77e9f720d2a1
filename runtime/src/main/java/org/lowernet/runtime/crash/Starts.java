package org.lowernet.runtime.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.lowernet.runtime.data.AtomicFile;
import org.lowernet.runtime.data.DataPartition;
import org.tinylog.Logger;

/**
 * The runtime's starts, as two small files: {@code /run/lowernet/crash-loop} (tmpfs: this boot) and
 * {@code /data/lowernet/crash-loop} (across reboots, when /data is there). A start begins ({@link #begin}),
 * and ends in one of three ways: it records its own failure ({@link #crashed}), it stops cleanly ({@link
 * #stoppedCleanly}: the count starts again), or it vanishes (SIGKILL, out of memory): then the next start finds
 * it still marked running and counts the crash. A damaged file is said on the console and read as empty.
 * Thread-safe: the shutdown hook and the failing thread may race.
 */
public final class Starts {

    static final String RUN_FILE = "run/lowernet/crash-loop";
    static final String DATA_FILE = DataPartition.FOLDER + "/crash-loop";

    private final Path root;
    private final Clock clock;
    private CrashRecord boot = CrashRecord.EMPTY;
    private CrashRecord kept = CrashRecord.EMPTY;
    private boolean ended;

    /** @param root "/" on the device; tests give a folder */
    public Starts(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /** Reads both records, decides, and marks this start as running; says on the console what it found. */
    public synchronized CrashLoop.Decision begin() {
        List<String> problems = new ArrayList<>();
        CrashRecord thisBoot = read(root.resolve(RUN_FILE), problems);
        CrashRecord before = dataFolder() ? read(root.resolve(DATA_FILE), problems) : CrashRecord.EMPTY;
        problems.forEach(p -> Logger.warn("crash-loop: the record is damaged and read as empty: {}", p));
        CrashLoop.Outcome outcome = CrashLoop.decide(thisBoot, before, clock.instant());
        boot = outcome.boot();
        kept = outcome.kept();
        write();
        CrashLoop.Decision decision = outcome.decision();
        if (!decision.crashes().isEmpty()) {
            Logger.warn("crash-loop: {} (safe mode from {} within {} min)", decision.describe(), CrashLoop.CRASHES,
                    CrashLoop.WINDOW.toMinutes());
        }
        return decision;
    }

    /** This start failed and says why: the next start counts it (and /data keeps it) without guessing. */
    public synchronized void crashed(String reason) {
        if (ended) {
            return;
        }
        ended = true;
        Crash crash = new Crash(clock.instant(), reason);
        boot = boot.withoutRunning().with(crash);
        kept = kept.with(crash);
        write();
        Logger.error("crash-loop: this start failed, recorded as a crash ({} within {} min lead to safe mode): {}",
                CrashLoop.CRASHES, CrashLoop.WINDOW.toMinutes(), crash.reason());
    }

    /** A stop was asked for (SIGTERM: rcK, a person): not a crash; the count starts again, safe mode ends. */
    public synchronized void stoppedCleanly() {
        if (ended) {
            return;
        }
        ended = true;
        boot = CrashRecord.EMPTY;
        kept = CrashRecord.EMPTY;
        write();
    }

    private boolean dataFolder() {
        return Files.isDirectory(root.resolve(DataPartition.FOLDER));
    }

    /**
     * Writes both records; /data only when its folder is there (before /data is mounted it would land beneath
     * the mount point). A failure is said and does not stop the router: the count is only lost.
     */
    private void write() {
        store(root.resolve(RUN_FILE), boot);
        if (dataFolder()) {
            store(root.resolve(DATA_FILE), kept);
        }
    }

    private static void store(Path file, CrashRecord record) {
        try {
            AtomicFile.write(file, record.format());
        } catch (IOException e) {
            Logger.warn("crash-loop: cannot write {}: {}; crashes may go uncounted", file, e.getMessage());
        }
    }

    private static CrashRecord read(Path file, List<String> problems) {
        try {
            return CrashRecord.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), problems);
        } catch (NoSuchFileException e) {
            return CrashRecord.EMPTY;
        } catch (IOException e) {
            problems.add(file + ": " + e.getMessage());
            return CrashRecord.EMPTY;
        }
    }
}
