package org.lowernet.runtime.slot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.lowernet.runtime.config.ValueTypes;
import org.lowernet.runtime.data.AtomicFile;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventHub;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.subsystem.Subsystem;
import org.lowernet.runtime.update.SlotState;
import org.tinylog.Logger;

/**
 * Says which system slot runs and what the last update did, and commits a system on trial once it has been healthy
 * for {@code update.commit_after} after ready: from then on the first stage boots it, and counts no more tries.
 * Health is checked when the time has come and every {@link #RECHECK} after while it fails; a trial that never
 * gets healthy is restarted by its guard (rcS) after {@code update.trial_limit}, and rolled back after the last try.
 */
public final class TrialCommit implements Subsystem {

    static final Duration RECHECK = Duration.ofSeconds(15);
    static final Duration WATCH = Duration.ofSeconds(2);

    /** Below the root: the last rollback result the node has reported (an event is sent once for each). */
    static final String REPORTED = "data/lowernet/update/reported";
    private static final Pattern ROLLED_BACK = Pattern.compile("rolled back (\\S+) \\(system-([ab])\\): (.*)");

    /** What this boot runs, for nodeinfo: the slot, its version, the last update's result. */
    public record Status(BootedSlot booted, String version, Optional<String> lastResult) {
    }

    private final Path root;
    private final SlotFile slots;
    private final Duration commitAfter;
    private final Duration recheck;
    private final BooleanSupplier healthy;
    private final EventHub events;
    private final Consumer<Boolean> updating;
    private final Supplier<Set<String>> conditions;
    private volatile SortedSet<String> expect = new TreeSet<>();
    private volatile Optional<BootedSlot> booted = Optional.empty();
    private volatile Optional<Status> status = Optional.empty();
    private Thread timer;
    private Thread watcher;

    /**
     * @param healthy  whether the router is healthy now (the watchdog's check passes, not in safe mode)
     * @param updating told whether an update is being written (its spool exists) or this boot is on trial: the
     *                 LEDs show it
     * @param conditions what the node has now ({@link NodeConditions}); kept for install-update, and a trial commits
     *                 only with all it had before the update
     */
    public TrialCommit(Path root, SlotFile slots, Duration commitAfter, BooleanSupplier healthy, EventHub events,
            Consumer<Boolean> updating, Supplier<Set<String>> conditions) {
        this(root, slots, commitAfter, RECHECK, healthy, events, updating, conditions);
    }

    TrialCommit(Path root, SlotFile slots, Duration commitAfter, Duration recheck, BooleanSupplier healthy,
            EventHub events, Consumer<Boolean> updating, Supplier<Set<String>> conditions) {
        this.root = root;
        this.slots = slots;
        this.events = events;
        this.updating = updating;
        this.conditions = conditions;
        this.commitAfter = commitAfter;
        this.recheck = recheck;
        this.healthy = healthy;
    }

    @Override
    public String name() {
        return "update";
    }

    @Override
    public boolean essential() {
        return false;
    }

    @Override
    public void start() throws IOException {
        booted = BootedSlot.read(root);
        if (booted.isEmpty()) {
            Logger.info("update: no system slot (this root was not mounted by the first stage)");
            return;
        }
        BootedSlot slot = booted.get();
        Optional<SlotState> state = slots.read();
        String version = state.flatMap(s -> s.version(slot.slot())).orElse("unknown version");
        Logger.info("update: running {} ({})", slot.describe(), version);
        state.flatMap(SlotState::result).ifPresent(result -> Logger.info("update: last result: {}", result));
        status = Optional.of(new Status(slot, version, state.flatMap(SlotState::result)));
        if (slot.trial()) {
            events.emit(Event.now(EventType.UPDATE_TRIAL, "slot", slot.slot().letter(), "version", version, "try",
                    slot.attempt(), "max_tries", slot.maxTries()));
        } else {
            state.flatMap(SlotState::result).ifPresent(this::reportRollback);
        }
        if (!slot.trial() && Files.isDirectory(slots.boot().resolve(UpdateInstaller.STAGED))) {
            finishStaged(state);
        }
        if (slot.trial()) {
            expect = state.flatMap(SlotState::trial).map(SlotState.Trial::expect).orElse(new TreeSet<>());
            Logger.info("update: commits {} after {} healthy{}", slot.slot().fileName(), ValueTypes.format(commitAfter),
                    expect.isEmpty() ? "" : " with what the node had before the update: " + String.join(", ", expect));
            timer = Thread.ofVirtual().name("update-commit").start(this::commitWhenHealthy);
        }
        watcher = Thread.ofVirtual().name("update-watch").start(this::watchUpdating);
    }

    /**
     * Every {@link #WATCH}: an update on trial, or one being written (install-update's spool exists), for the LEDs;
     * the node's conditions, kept for install-update when they change.
     */
    private void watchUpdating() {
        Set<String> kept = null;
        try {
            while (true) {
                boolean trial = status.map(s -> s.booted().trial()).orElse(false);
                updating.accept(trial || Files.isDirectory(root.resolve(UpdateInstaller.SPOOL)));
                Set<String> now = conditions.get();
                if (!now.equals(kept)) {
                    try {
                        NodeConditions.write(root, now);
                        kept = now;
                    } catch (IOException e) {
                        Logger.warn("update: cannot keep the node's conditions in {}: {}", NodeConditions.FILE,
                                e.getMessage());
                    }
                }
                Thread.sleep(WATCH);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping
        }
    }

    /** What the trial still lacks to commit: health, and each condition the node had before the update. */
    private List<String> lacking() {
        List<String> lacking = new java.util.ArrayList<>();
        if (!healthy.getAsBoolean()) {
            lacking.add("health");
        }
        Set<String> now = conditions.get();
        expect.stream().filter(condition -> !now.contains(condition)).forEach(lacking::add);
        return lacking;
    }

    private void commitWhenHealthy() {
        try {
            Thread.sleep(commitAfter);
            List<String> said = List.of();
            for (List<String> lacking = lacking(); !lacking.isEmpty(); lacking = lacking()) {
                if (!lacking.equals(said)) {
                    Logger.warn("update: not committing {} after {}: it lacks {}; checking again every {}",
                            booted.orElseThrow().slot().fileName(), ValueTypes.format(commitAfter),
                            String.join(", ", lacking), ValueTypes.format(recheck));
                    said = lacking;
                }
                Thread.sleep(recheck);
            }
            commit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopped before the time came: the trial goes on at the next boot
        }
    }

    /** Commits the booted trial slot; returns whether it did (a state on the card that says otherwise is left). */
    boolean commit() {
        SlotState.Slot slot = booted.orElseThrow().slot();
        try {
            Optional<SlotState> state = slots.read();
            if (state.isEmpty() || state.get().trial().map(t -> t.slot() != slot).orElse(true)) {
                Logger.warn("update: {} is no longer on trial in slots.txt ({}); nothing committed", slot.fileName(),
                        state.map(s -> "committed " + s.committed().fileName()).orElse("unreadable"));
                return false;
            }
            String version = state.get().version(slot).orElse("unknown version");
            String result = "committed " + version + " (" + slot.fileName() + ")";
            int[] moved = {0};
            // The boot files last: a power cut before they are in place leaves them staged, and the next start
            // (committed, result "committed") puts them in place.
            slots.write(state.get().committingTrial(result), () -> moved[0] = applyStaged(slots.boot()));
            Logger.info("update: {} after {} healthy; it boots from now on{}", result, ValueTypes.format(commitAfter),
                    moved[0] == 0 ? "" : "; " + moved[0] + " new boot file(s) in place");
            status = Optional.of(new Status(new BootedSlot(slot, false, 0, 0), version, Optional.of(result)));
            events.emit(Event.now(EventType.UPDATE_COMMITTED, "slot", slot.letter(), "version", version));
            return true;
        } catch (IOException e) {
            Logger.error("update: committing {} failed (the trial goes on at the next boot): {}", slot.fileName(),
                    e.getMessage());
            return false;
        }
    }

    public Optional<Status> status() {
        return status;
    }

    /** A rollback result not reported before becomes an event, once: the result is kept on /data. */
    private void reportRollback(String result) {
        Matcher rolledBack = ROLLED_BACK.matcher(result);
        if (!rolledBack.matches()) {
            return;
        }
        Path reported = root.resolve(REPORTED);
        try {
            if (Files.exists(reported) && Files.readString(reported).strip().equals(result)) {
                return;
            }
            AtomicFile.write(reported, result + "\n");
        } catch (IOException e) {
            Logger.warn("update: cannot keep {} ({}); the rollback may be reported again", reported, e.getMessage());
        }
        events.emit(Event.now(EventType.UPDATE_ROLLED_BACK, "slot", rolledBack.group(2), "version", rolledBack.group(1),
                "result", result));
    }

    /**
     * Staged boot files on a committed boot: put in place when the last result was a commit (a power cut came between
     * the commit and its boot files), else removed (a rolled back trial's, which the first stage could not remove).
     */
    private void finishStaged(Optional<SlotState> state) throws IOException {
        boolean committed = state.flatMap(SlotState::result).map(r -> r.startsWith("committed ")).orElse(false);
        slots.remount().writable(true);
        try {
            if (committed) {
                Logger.info("update: {} staged boot file(s) of the last commit put in place", applyStaged(slots.boot()));
            } else {
                UpdateInstaller.deleteFolder(slots.boot().resolve(UpdateInstaller.STAGED));
                Logger.info("update: boot files staged for a trial that did not commit removed");
            }
        } finally {
            slots.remount().writable(false);
        }
    }

    /** Moves every file below {@link UpdateInstaller#STAGED} to its place on the boot partition; returns how many. */
    static int applyStaged(Path boot) throws IOException {
        Path staged = boot.resolve(UpdateInstaller.STAGED);
        if (!Files.isDirectory(staged)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(staged)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            Path target = boot.resolve(staged.relativize(file).toString());
            Files.createDirectories(target.getParent());
            AtomicFile.commit(file, target);
        }
        UpdateInstaller.deleteFolder(staged);
        AtomicFile.syncFolder(boot);
        return files.size();
    }

    @Override
    public void stop() throws InterruptedException {
        for (Thread thread : Arrays.asList(timer, watcher)) {
            if (thread != null) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(5));
            }
        }
    }
}
