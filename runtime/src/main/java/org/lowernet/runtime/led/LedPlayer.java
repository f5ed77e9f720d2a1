package org.lowernet.runtime.led;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Plays each LED's pattern on its output, on the scheduler's thread. A new pattern for an LED starts at
 * its first phase at once; the old pattern's pending step finds its generation stale and does nothing.
 */
final class LedPlayer {

    private final LedScheduler scheduler;
    private final Map<Led, LedOutput> outputs;
    private final Map<Led, Pattern> playing = new EnumMap<>(Led.class);
    private final Map<Led, Long> generation = new EnumMap<>(Led.class);

    /** {@code outputs}: the LEDs that have a line; the others are not played. */
    LedPlayer(LedScheduler scheduler, Map<Led, LedOutput> outputs) {
        this.scheduler = scheduler;
        this.outputs = new EnumMap<>(Led.class);
        this.outputs.putAll(outputs);
    }

    /** Switches to {@code patterns} (from any thread); LEDs whose pattern is unchanged keep their rhythm. */
    void show(Map<Led, Pattern> patterns) {
        Map<Led, Pattern> copy = new EnumMap<>(patterns);
        scheduler.schedule(Duration.ZERO, () -> copy.forEach(this::start));
    }

    /** Puts every LED out and releases the lines (on the scheduler's thread, after what is queued). */
    void stop(Runnable then) {
        scheduler.schedule(Duration.ZERO, () -> {
            outputs.forEach((led, output) -> {
                generation.merge(led, 1L, Long::sum);
                write(led, output, false);
                output.close();
            });
            outputs.clear();
            then.run();
        });
    }

    private void start(Led led, Pattern pattern) {
        if (!outputs.containsKey(led) || pattern.equals(playing.get(led))) {
            return;
        }
        playing.put(led, pattern);
        long current = generation.merge(led, 1L, Long::sum);
        step(led, pattern, 0, current);
    }

    private void step(Led led, Pattern pattern, int index, long of) {
        LedOutput output = outputs.get(led);
        if (output == null || generation.get(led) != of) {
            return;
        }
        Pattern.Phase phase = pattern.phases().get(index);
        write(led, output, phase.lit());
        if (!pattern.steady()) {
            int next = (index + 1) % pattern.phases().size();
            scheduler.schedule(phase.length(), () -> step(led, pattern, next, of));
        }
    }

    private static void write(Led led, LedOutput output, boolean lit) {
        try {
            output.set(lit);
            Logger.debug("leds: {} {}", led.key(), lit ? "on" : "off");
        } catch (RuntimeException e) {
            Logger.warn("leds: setting {} {} on {} failed: {}", led.key(), lit ? "on" : "off", output, e.getMessage());
        }
    }
}
