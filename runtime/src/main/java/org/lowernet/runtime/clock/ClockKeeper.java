package org.lowernet.runtime.clock;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.lowernet.runtime.subsystem.Subsystem;
import org.tinylog.Logger;

/**
 * Keeps the clock of a board without a real-time clock from going back to 1970: at start, before anything
 * speaks TLS, it moves the kernel's clock forward to the later of the time saved on /data and the image's
 * build time ({@link Restore}); then it saves the clock at once (so every boot, even one cut within minutes,
 * leaves a later time behind), every {@link #SAVE_EVERY}, whenever NTP set the clock, and at stop. Starts
 * after the data partition and stops before it. Best-effort: a clock that cannot be set or saved is said and
 * the router goes on.
 */
public final class ClockKeeper implements Subsystem {

    /** The saved clock, below the root (on the data partition). */
    public static final String FILE = "data/lowernet/clock";
    /** The image's build time, written by the image builder. */
    public static final String BUILD_TIME = "etc/lowernet/build-time";
    static final Duration SAVE_EVERY = Duration.ofMinutes(15);

    private final Path file;
    private final Path buildTime;
    private final KernelClock clock;
    private final Duration saveEvery;
    private final Object lock = new Object();
    /** The earliest the clock may be saved as, until NTP vouches for the clock; then none. */
    private Optional<Instant> floor = Optional.empty();
    private Optional<Restore> restored = Optional.empty();
    private Thread saver;
    private boolean stopping;

    public ClockKeeper(Path root, KernelClock clock) {
        this(root, clock, SAVE_EVERY);
    }

    ClockKeeper(Path root, KernelClock clock, Duration saveEvery) {
        this.file = root.resolve(FILE);
        this.buildTime = root.resolve(BUILD_TIME);
        this.clock = clock;
        this.saveEvery = saveEvery;
    }

    @Override
    public String name() {
        return "clock";
    }

    @Override
    public boolean essential() {
        return false;
    }

    @Override
    public void start() {
        Restore restore = Restore.read(clock.now(), file, buildTime);
        restore.ignored().forEach(problem -> Logger.warn("clock: {}", problem));
        synchronized (lock) {
            floor = restore.floor();
            restored = Optional.of(restore);
        }
        Optional<Instant> target = restore.target();
        if (target.isEmpty()) {
            Logger.info("clock: {} kept (saved {}, image built {}): not behind either", restore.kernel(),
                    restore.saved().map(Instant::toString).orElse("never"),
                    restore.built().map(Instant::toString).orElse("at an unknown time"));
        } else {
            try {
                clock.set(target.get());
                Logger.info("clock: was {}, set forward to {} ({})", restore.kernel(), target.get(), restore.source());
            } catch (IOException e) {
                Logger.error("clock: cannot set it forward from {} to {} ({}): {}; TLS may refuse certificates "
                        + "until NTP sets it", restore.kernel(), target.get(), restore.source(), e.getMessage());
            }
        }
        save().ifPresent(t -> Logger.info("clock: saved {} to {}", t, file));
        saver = Thread.ofPlatform().name("clock-saver").daemon().start(this::saveEvery);
    }

    /** NTP set or confirmed the clock: from now on it is saved as it is, even if NTP moved it back. */
    public void trusted() {
        synchronized (lock) {
            floor = Optional.empty();
        }
        save();
    }

    /** Writes the clock to /data, atomically; never earlier than the floor while NTP has not vouched for it. */
    Optional<Instant> save() {
        Instant now = clock.now();
        Instant saved;
        synchronized (lock) {
            saved = floor.filter(f -> f.isAfter(now)).orElse(now);
        }
        try {
            TimeFile.write(file, saved);
            return Optional.of(saved);
        } catch (IOException e) {
            Logger.warn("clock: cannot save {} to {}: {}", saved, file, e.getMessage());
            return Optional.empty();
        }
    }

    private void saveEvery() {
        synchronized (lock) {
            while (!stopping) {
                try {
                    lock.wait(saveEvery.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (!stopping) {
                    save();
                }
            }
        }
    }

    /** What the start found and did; empty before it. */
    public Optional<Restore> restored() {
        synchronized (lock) {
            return restored;
        }
    }

    @Override
    public void stop() throws InterruptedException {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        if (saver != null) {
            saver.join(Duration.ofSeconds(5).toMillis());
        }
        save().ifPresent(t -> Logger.info("clock: saved {} to {} for the next boot", t, file));
    }
}
