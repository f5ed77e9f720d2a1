package org.lowernet.runtime.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.lowernet.runtime.data.AtomicFile;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.subsystem.Subsystem;
import org.tinylog.Logger;

/**
 * Counts boots, decides why this one happened and keeps the console log of the last {@value #KEPT} boots, in
 * {@value #FOLDER}. Starts right after the data partition and stops right before it is unmounted, so its
 * "stopped" mark is the last thing a clean stop writes: a next boot that does not find it knows the power went
 * or the board was reset. A runtime restarted by init within one boot (same kernel boot id) continues the
 * boot's record and log instead of counting a boot.
 */
public final class BootHistory implements Subsystem {

    /** The folder below the root. */
    public static final String FOLDER = "data/lowernet/boot";
    /** The watchdog writes why it stopped feeding here; the next boot reads it as its reason and removes it. */
    public static final String WATCHDOG_NOTE = "data/lowernet/watchdog-reason";
    static final int KEPT = 5;
    static final String RECORD = "record";
    private static final Pattern LOG = Pattern.compile("console-(\\d+)\\.log");

    private final Path root;
    private final Path folder;
    private final Optional<ConsoleCapture> console;
    private final BooleanSupplier watchdogReset;
    private final BooleanSupplier persistent;
    private final Supplier<String> kernelLog;
    private final EventSink events;
    private BootRecord record;
    private boolean restarted;

    /**
     * @param persistent    whether {@value #FOLDER} is on the data partition (else in RAM: each boot is a first)
     * @param watchdogReset whether the watchdog hardware says it reset the board (its boot status)
     * @param kernelLog     the kernel's messages so far, the start of this boot's log
     */
    public BootHistory(Path root, Optional<ConsoleCapture> console, BooleanSupplier persistent,
                       BooleanSupplier watchdogReset, Supplier<String> kernelLog, EventSink events) {
        this.persistent = persistent;
        this.root = root;
        this.folder = root.resolve(FOLDER);
        this.console = console;
        this.watchdogReset = watchdogReset;
        this.kernelLog = kernelLog;
        this.events = events;
    }

    @Override
    public String name() {
        return "boot";
    }

    @Override
    public boolean essential() {
        return false;
    }

    /** This boot; valid after {@link #start}. */
    public Boot boot() {
        return new Boot(record.count(), record.reason(), record.detail(), restarted);
    }

    @Override
    public void start() throws IOException {
        Files.createDirectories(folder);
        Optional<BootRecord> previous = readRecord();
        String bootId = bootId();
        Path watchdogNote = root.resolve(WATCHDOG_NOTE);
        Optional<String> note = Files.exists(watchdogNote)
                ? Optional.of(Files.readString(watchdogNote, StandardCharsets.UTF_8).strip()) : Optional.empty();
        restarted = previous.filter(p -> p.bootId().equals(bootId)).isPresent();
        record = next(previous, bootId, watchdogReset.getAsBoolean(), note, Instant.now().getEpochSecond());
        if (previous.isEmpty() && record.reason() == BootReason.POWER && !persistent.getAsBoolean()) {
            record = new BootRecord(record.count(), bootId, BootReason.POWER, "no data partition: the node cannot know"
                    + " how its previous boot ended, nor count boots", record.startedEpochSecond(), false);
        }
        AtomicFile.write(folder.resolve(RECORD), record.format());
        Path log = folder.resolve("console-" + record.count() + ".log");
        if (restarted) {
            Logger.warn("boot {}: the runtime was restarted within this boot (the board booted because: {}, {})",
                    record.count(), record.reason().word(), record.detail());
            attach(log, "\n--- the runtime restarted at " + Instant.now() + " ---\n");
            return;
        }
        Files.deleteIfExists(watchdogNote);
        prune();
        Logger.info("boot {}: reason {} ({})", record.count(), record.reason().word(), record.detail());
        attach(log, "lowernet boot " + record.count() + " at " + Instant.ofEpochSecond(record.startedEpochSecond())
                + ": reason " + record.reason().word() + " (" + record.detail() + ")\n" + kernelLog.get()
                + "--- the runtime's log ---\n");
        events.emit(Event.now(EventType.BOOT, "reason", record.reason().word(), "count", record.count(), "detail",
                record.detail()));
    }

    /**
     * This boot runs in safe mode because the runtime crashed again and again: the reason becomes {@code
     * crash-loop}, said in the record and as an event.
     */
    public void crashLoop(String detail) throws IOException {
        if (record == null) {
            return; // never started (left out, or it failed): there is no record to amend
        }
        record = new BootRecord(record.count(), record.bootId(), BootReason.CRASH_LOOP, detail,
                record.startedEpochSecond(), false);
        AtomicFile.write(folder.resolve(RECORD), record.format());
        events.emit(Event.now(EventType.BOOT, "reason", record.reason().word(), "count", record.count(), "detail",
                detail));
    }

    @Override
    public void stop() throws IOException {
        AtomicFile.write(folder.resolve(RECORD), new BootRecord(record.count(), record.bootId(), record.reason(),
                record.detail(), record.startedEpochSecond(), true).format());
        if (console.isPresent()) {
            console.get().failure().ifPresent(f -> Logger.warn("boot log: writing it failed: {}", f));
            console.get().detach();
        }
    }

    /**
     * The record of this boot, from the previous one: the same kernel boot continues its record; otherwise the
     * count goes up and the reason is the watchdog's when it says it reset the board (or left a note before it
     * stopped feeding), clean when the previous boot stopped cleanly, and power otherwise.
     */
    static BootRecord next(Optional<BootRecord> previous, String bootId, boolean watchdogReset,
                           Optional<String> watchdogNote, long now) {
        if (previous.isPresent() && previous.get().bootId().equals(bootId)) {
            BootRecord same = previous.get();
            return new BootRecord(same.count(), bootId, same.reason(), same.detail(), same.startedEpochSecond(), false);
        }
        long count = previous.map(BootRecord::count).orElse(0L) + 1;
        BootReason reason;
        String detail;
        if (watchdogReset || watchdogNote.isPresent()) {
            reason = BootReason.WATCHDOG;
            detail = watchdogNote.map(n -> "the watchdog reset the board: " + n)
                    .orElse("the watchdog reset the board: the runtime stopped answering");
        } else if (previous.isEmpty()) {
            reason = BootReason.POWER;
            detail = "first boot of this card's data partition";
        } else if (previous.get().stopped()) {
            reason = BootReason.CLEAN;
            detail = "the previous boot stopped cleanly";
        } else {
            reason = BootReason.POWER;
            detail = "the previous boot ended without a clean stop: power cut or reset";
        }
        return new BootRecord(count, bootId, reason, detail, now, false);
    }

    /** One line a boot, oldest first: {@code lowernet boot 12 at ...: reason power (...)}. */
    public static List<String> summaries(Path root) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path log : logs(root.resolve(FOLDER))) {
            try (Stream<String> first = Files.lines(log, StandardCharsets.UTF_8)) {
                lines.add(first.findFirst().orElse(log.getFileName() + ": empty"));
            }
        }
        return lines;
    }

    /** The console log of boot {@code count}, if it is still kept. */
    public static Optional<Path> log(Path root, long count) {
        Path log = root.resolve(FOLDER).resolve("console-" + count + ".log");
        return Files.isRegularFile(log) ? Optional.of(log) : Optional.empty();
    }

    /**
     * The kernel's messages of this boot ({@code busybox dmesg}), the start of its log; on failure a line that
     * says why, since the runtime's own log still matters more.
     */
    public static String kernelLog(Path busybox) {
        try {
            Process dmesg = new ProcessBuilder(busybox.toString(), "dmesg").redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = dmesg.getInputStream().readNBytes(ConsoleCapture.LIMIT / 2);
            dmesg.destroy();
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "[no kernel log: " + e.getMessage() + "]\n";
        }
    }

    private void attach(Path log, String header) throws IOException {
        if (console.isPresent()) {
            console.get().attach(log, header);
        }
    }

    private Optional<BootRecord> readRecord() throws IOException {
        Path file = folder.resolve(RECORD);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Optional<BootRecord> parsed = BootRecord.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (parsed.isEmpty()) {
            Logger.warn("boot: {} is damaged; counting boots anew from 1", file);
        }
        return parsed;
    }

    /** The kernel's id of this boot; a fresh one where there is none (a test root), so each start is a boot. */
    private String bootId() throws IOException {
        Path id = root.resolve("proc/sys/kernel/random/boot_id");
        return Files.exists(id) ? Files.readString(id, StandardCharsets.US_ASCII).strip() : UUID.randomUUID().toString();
    }

    /** Keeps the newest logs, one place left for this boot's. */
    private void prune() throws IOException {
        List<Path> logs = logs(folder);
        for (int i = 0; i < logs.size() - (KEPT - 1); i++) {
            Files.delete(logs.get(i));
        }
    }

    /** The boot logs in {@code folder}, oldest first. */
    private static List<Path> logs(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> LOG.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(BootHistory::number)).toList();
        }
    }

    private static long number(Path log) {
        Matcher m = LOG.matcher(log.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }
}
