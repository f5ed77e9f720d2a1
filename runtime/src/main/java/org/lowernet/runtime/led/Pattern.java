package org.lowernet.runtime.led;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How one LED behaves: phases of on and off played in a loop. One phase is a steady level. The timings
 * here are the table README.md's "Reading the LEDs" describes; change both together.
 *
 * @param name   the word logs and README use ("slow blink")
 * @param phases at least one; a single phase is steady
 */
public record Pattern(String name, List<Phase> phases) {

    /** One level held for a time. */
    public record Phase(boolean lit, Duration length) {
    }

    /** Blink on-time and the gap between the blinks of a counted group. */
    static final Duration COUNT_ON = Duration.ofMillis(200);
    static final Duration COUNT_GAP = Duration.ofMillis(300);
    /** The dark pause after a counted group: long enough to count the group again without losing place. */
    static final Duration COUNT_PAUSE = Duration.ofMillis(1500);

    public static final Pattern OFF = steady("off", false);
    public static final Pattern SOLID = steady("solid", true);
    /** Once a second: "working on it", slow enough to read as calm (1 Hz, even). */
    public static final Pattern SLOW_BLINK = cycle("slow blink", 500, 500);
    /** Four times a second: "look at me" (OpenWrt uses 100/100 ms for its failsafe; this is a little calmer). */
    public static final Pattern FAST_BLINK = cycle("fast blink", 125, 125);
    /** Two short beats then a rest, every 2 s: "alive", unlike any blink. */
    public static final Pattern HEARTBEAT = cycle("heartbeat", 100, 150, 100, 1650);
    /** Quiet hours: one short flash every 5 s, just enough to tell the box is alive. */
    public static final Pattern QUIET_HEARTBEAT = cycle("quiet heartbeat", 40, 4960);

    public Pattern {
        phases = List.copyOf(phases);
        if (phases.isEmpty() || phases.stream().anyMatch(p -> p.length().isNegative() || p.length().isZero())) {
            throw new IllegalArgumentException(name + ": a pattern needs phases of positive length: " + phases);
        }
    }

    /** N short blinks, then a pause, repeated: a count a person can read off (2 = degraded, 3 = config error). */
    public static Pattern blinks(int count) {
        List<Phase> phases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            phases.add(new Phase(true, COUNT_ON));
            phases.add(new Phase(false, i == count - 1 ? COUNT_GAP.plus(COUNT_PAUSE) : COUNT_GAP));
        }
        return new Pattern(count + " blinks, pause", phases);
    }

    public boolean steady() {
        return phases.size() == 1;
    }

    /** The length of one loop; zero for a steady level. */
    public Duration period() {
        return steady() ? Duration.ZERO : phases.stream().map(Phase::length).reduce(Duration.ZERO, Duration::plus);
    }

    private static Pattern steady(String name, boolean lit) {
        // The length of a steady phase is never waited for: the player does not reschedule a single phase.
        return new Pattern(name, List.of(new Phase(lit, Duration.ofDays(1))));
    }

    /** Alternating on/off milliseconds, starting with on. */
    private static Pattern cycle(String name, long... millis) {
        List<Phase> phases = new ArrayList<>();
        for (int i = 0; i < millis.length; i++) {
            phases.add(new Phase(i % 2 == 0, Duration.ofMillis(millis[i])));
        }
        return new Pattern(name, phases);
    }

    @Override
    public String toString() {
        return name;
    }
}
