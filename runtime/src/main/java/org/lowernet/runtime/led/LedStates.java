package org.lowernet.runtime.led;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.lowernet.runtime.config.QuietHours;
import org.tinylog.Logger;

/**
 * The LEDs' state machine: the rest of the runtime says which conditions hold; this picks what each LED
 * shows ({@link LedCondition#resolve}) and has the player show it. Thread-safe; every call returns at once.
 */
public final class LedStates {

    private final LedScheduler scheduler;
    private final LedPlayer player;
    private final QuietHours quietHours;
    private final Set<LedCondition> active = EnumSet.noneOf(LedCondition.class);
    private final Consumer<LedView> onChange;
    private Instant identifyUntil = Instant.MIN;
    private LedView shown;
    private boolean stopped;

    /**
     * Starts with nothing active (all off), and with quiet hours watched on the scheduler's clock.
     *
     * @param onChange told (on the caller's thread, under this object's lock) of each new view after the log line
     */
    public LedStates(LedScheduler scheduler, Map<Led, LedOutput> outputs, QuietHours quietHours,
                     Consumer<LedView> onChange) {
        this.scheduler = scheduler;
        this.player = new LedPlayer(scheduler, outputs);
        this.quietHours = quietHours;
        this.onChange = onChange;
        synchronized (this) {
            update();
        }
        watchQuietHours();
    }

    /** Turns a condition on or off; {@link LedCondition#IDENTIFY} goes through {@link #identify}. */
    public synchronized void set(LedCondition condition, boolean on) {
        if (condition == LedCondition.IDENTIFY) {
            throw new IllegalArgumentException("identify is asked for with a duration: use identify(Duration)");
        }
        if (on ? active.add(condition) : active.remove(condition)) {
            update();
        }
    }

    /** Online or no-uplink: the new condition is set before the old one is cleared, so no moment shows neither. */
    public synchronized void uplink(boolean online) {
        set(online ? LedCondition.ONLINE : LedCondition.NO_UPLINK, true);
        set(online ? LedCondition.NO_UPLINK : LedCondition.ONLINE, false);
    }

    /**
     * The mesh LED: one of {@link LedCondition#MESH}, set before the others are cleared; empty puts it out (no
     * mesh port).
     */
    public synchronized void mesh(Optional<LedCondition> state) {
        state.ifPresent(condition -> {
            if (!LedCondition.MESH.contains(condition)) {
                throw new IllegalArgumentException(condition + " is not a mesh LED state");
            }
            set(condition, true);
        });
        LedCondition.MESH.stream().filter(c -> state.isEmpty() || c != state.get()).forEach(c -> set(c, false));
    }

    /** All LEDs blink together for {@code duration}, then show again what holds beneath; a new call restarts it. */
    public synchronized void identify(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("identify for a positive duration, not " + duration);
        }
        Instant until = scheduler.clock().instant().plus(duration);
        identifyUntil = until;
        active.add(LedCondition.IDENTIFY);
        update();
        scheduler.schedule(duration, () -> endIdentify(until));
    }

    public synchronized LedView current() {
        return shown;
    }

    /**
     * Puts every LED out and releases the lines after what is queued; later calls change nothing.
     * Completes on the scheduler's thread once the lines are released.
     */
    public CompletableFuture<Void> stop() {
        synchronized (this) {
            stopped = true;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        player.stop(() -> done.complete(null));
        return done;
    }

    private synchronized void endIdentify(Instant until) {
        // A later identify() moved the deadline: its own task ends it.
        if (until.equals(identifyUntil)) {
            active.remove(LedCondition.IDENTIFY);
            update();
        }
    }

    private void watchQuietHours() {
        LocalDateTime now = LocalDateTime.now(scheduler.clock());
        quietHours.nextChange(now).ifPresent(at -> scheduler.schedule(
                Duration.between(now, at).plusMillis(1), () -> {
                    synchronized (this) {
                        update();
                    }
                    watchQuietHours();
                }));
    }

    private void update() {
        if (stopped) {
            return;
        }
        boolean quiet = quietHours.contains(LocalDateTime.now(scheduler.clock()).toLocalTime());
        // EnumSet iterates in declaration order: highest priority first.
        Optional<LedCondition> top = active.stream().findFirst();
        LedView view = new LedView(top, LedCondition.resolve(active, quiet), quiet);
        if (view.equals(shown)) {
            return;
        }
        shown = view;
        Logger.info("leds: {}", view.describe());
        player.show(view.patterns());
        onChange.accept(view);
    }
}
