package org.lowernet.runtime.subsystem;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinylog.Logger;

/** Starts subsystems in order and stops the started ones in reverse; a best-effort failure is logged. */
public final class Lifecycle {

    private final List<Subsystem> subsystems;
    private final Deque<Subsystem> started = new ArrayDeque<>();
    /** The started ones, read without the lock: the watchdog asks while a long start holds it. */
    private final List<Subsystem> running = new CopyOnWriteArrayList<>();

    public Lifecycle(List<Subsystem> subsystems) {
        this.subsystems = List.copyOf(subsystems);
    }

    /** Starts every subsystem; an essential one that fails stops what started and throws. */
    public synchronized void start() throws Exception {
        for (Subsystem subsystem : subsystems) {
            try {
                subsystem.start();
                started.push(subsystem);
                running.add(subsystem);
                Logger.debug("started {}", subsystem.name());
            } catch (Exception e) {
                if (subsystem.essential()) {
                    Logger.error("essential subsystem {} failed to start: {}", subsystem.name(), e.getMessage());
                    stop();
                    throw e;
                }
                Logger.warn("subsystem {} failed to start, going on without it: {}", subsystem.name(), e.getMessage());
            }
        }
    }

    /** What the started subsystems report as failed now, by name (see {@link Subsystem#failure()}). */
    public Map<String, String> failures() {
        Map<String, String> failures = new LinkedHashMap<>();
        running.forEach(s -> s.failure().ifPresent(f -> failures.put(s.name(), f)));
        return failures;
    }

    /** Stops what started, last first; each failure is logged and the rest still stop. */
    public synchronized void stop() {
        while (!started.isEmpty()) {
            Subsystem subsystem = started.pop();
            running.remove(subsystem);
            try {
                subsystem.stop();
                Logger.debug("stopped {}", subsystem.name());
            } catch (Exception e) {
                Logger.warn("subsystem {} did not stop cleanly: {}", subsystem.name(), e.getMessage());
            }
        }
    }
}
