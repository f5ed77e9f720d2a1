package org.lowernet.runtime.led;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lowernet.runtime.config.QuietHours;

/** The LED table of README.md, played on recording outputs in virtual time. */
class LedStatesTest {

    /** README's table in milliseconds, written out here so a change to the code alone fails: on, off, on, off ... */
    private static final long[] SOLID = {};
    private static final long[] OFF = null;
    private static final long[] SLOW = {500, 500};
    private static final long[] FAST = {125, 125};
    private static final long[] HEARTBEAT = {100, 150, 100, 1650};
    private static final long[] TWO_BLINKS = {200, 300, 200, 1800};
    private static final long[] THREE_BLINKS = {200, 300, 200, 300, 200, 1800};
    private static final long[] FOUR_BLINKS = {200, 300, 200, 300, 200, 300, 200, 1800};
    private static final long[] QUIET = {40, 4960};

    private static final Map<LedCondition, List<long[]>> TABLE = new EnumMap<>(Map.ofEntries(
            Map.entry(LedCondition.BOOTING, arrays(SLOW, OFF, OFF)),
            Map.entry(LedCondition.SAFE_MODE, arrays(FAST, OFF, OFF)),
            Map.entry(LedCondition.CONFIG_ERROR, arrays(THREE_BLINKS, OFF, OFF)),
            Map.entry(LedCondition.NO_UPLINK, arrays(HEARTBEAT, SLOW, OFF)),
            Map.entry(LedCondition.ONLINE, arrays(HEARTBEAT, SOLID, OFF)),
            Map.entry(LedCondition.DEGRADED, arrays(TWO_BLINKS, OFF, OFF)),
            Map.entry(LedCondition.UPDATING, arrays(FOUR_BLINKS, OFF, OFF)),
            Map.entry(LedCondition.IDENTIFY, arrays(FAST, FAST, FAST)),
            Map.entry(LedCondition.SHUTDOWN, arrays(SOLID, OFF, OFF)),
            Map.entry(LedCondition.MESH_WAITING, arrays(OFF, OFF, SLOW)),
            Map.entry(LedCondition.MESH_NO_GATEWAY, arrays(OFF, OFF, TWO_BLINKS)),
            Map.entry(LedCondition.MESH_GATEWAY, arrays(OFF, OFF, SOLID))));

    private static List<long[]> arrays(long[] status, long[] uplink, long[] mesh) {
        List<long[]> list = new ArrayList<>();
        list.add(status);
        list.add(uplink);
        list.add(mesh);
        return list;
    }

    /** Noon UTC on a fixed day; the manual clock's zone is UTC. */
    private static final Instant NOON = Instant.parse("2025-06-01T12:00:00Z");

    private final ManualScheduler scheduler = new ManualScheduler(NOON);
    private final Map<Led, RecordingOutput> outputs = new EnumMap<>(Led.class);

    private LedStates states(QuietHours quiet) {
        for (Led led : Led.values()) {
            outputs.put(led, RecordingOutput.on(scheduler));
        }
        return new LedStates(scheduler, Map.copyOf(outputs), quiet, view -> { });
    }

    /** Asserts that {@code led} played {@code expected} (ms on, off, ...; {} solid; null off) since {@code from}. */
    private void assertPlays(Led led, long[] expected, long from, long tolerance) {
        RecordingOutput output = outputs.get(led);
        List<Pattern.Phase> phases = output.phasesSince(from);
        if (expected == null || expected.length == 0) {
            assertTrue(phases.isEmpty(), led + " should be steady, changed: " + phases);
            assertEquals(expected != null, output.level(), led + "'s level");
            return;
        }
        assertTrue(phases.size() >= 2 * expected.length, led + ": too few phases: " + phases);
        for (int i = 0; i < phases.size(); i++) {
            Pattern.Phase phase = phases.get(i);
            assertEquals(i % 2 == 0, phase.lit(), led + " phase " + i + " of " + phases);
            long want = expected[i % expected.length];
            assertTrue(Math.abs(phase.length().toMillis() - want) <= tolerance,
                    led + " phase " + i + ": " + phase.length().toMillis() + " ms, expected " + want + " ms: " + phases);
        }
    }

    @ParameterizedTest
    @EnumSource(LedCondition.class)
    void eachStateAloneShowsItsDocumentedPattern(LedCondition condition) {
        LedStates states = states(QuietHours.NEVER);
        if (condition == LedCondition.IDENTIFY) {
            states.identify(Duration.ofMinutes(1));
        } else {
            states.set(condition, true);
        }
        scheduler.advance(Duration.ofSeconds(12));
        List<long[]> row = TABLE.get(condition);
        for (Led led : Led.values()) {
            assertPlays(led, row.get(led.ordinal()), 0, 0);
        }
        assertEquals(Optional.of(condition), states.current().state());
    }

    @Test
    void theMeshLedShowsOneMeshStateAtATimeBesideTheOthers() {
        LedStates states = states(QuietHours.NEVER);
        states.uplink(false);
        states.mesh(Optional.of(LedCondition.MESH_WAITING));
        states.mesh(Optional.of(LedCondition.MESH_GATEWAY));
        long from = scheduler.elapsedMillis();
        scheduler.advance(Duration.ofSeconds(10));
        assertPlays(Led.MESH, SOLID, from, 0);
        assertPlays(Led.UPLINK, SLOW, from, 0);
        assertEquals(LedCondition.NO_UPLINK, states.current().state().orElseThrow());
        states.mesh(Optional.of(LedCondition.MESH_NO_GATEWAY));
        from = scheduler.elapsedMillis();
        scheduler.advance(Duration.ofSeconds(10));
        assertPlays(Led.MESH, TWO_BLINKS, from, 0);
        states.mesh(Optional.empty());
        scheduler.advance(Duration.ofSeconds(1));
        assertFalse(outputs.get(Led.MESH).level(), "no mesh port: dark");
        assertEquals(Pattern.OFF, states.current().of(Led.MESH));
    }

    @Test
    void theMeshLedFollowsPortsNeighboursAndAReachableUplink() {
        assertEquals(Optional.empty(), LedCondition.mesh(false, true, true));
        assertEquals(Optional.of(LedCondition.MESH_WAITING), LedCondition.mesh(true, false, true));
        assertEquals(Optional.of(LedCondition.MESH_NO_GATEWAY), LedCondition.mesh(true, true, false));
        assertEquals(Optional.of(LedCondition.MESH_GATEWAY), LedCondition.mesh(true, true, true));
    }

    @Test
    void withoutAnyLineTheStatesAreStillTracked() {
        LedStates states = new LedStates(scheduler, Map.of(), QuietHours.NEVER, view -> { });
        states.set(LedCondition.NO_UPLINK, true);
        scheduler.advance(Duration.ofSeconds(2));
        assertEquals(LedCondition.NO_UPLINK, states.current().state().orElseThrow());
    }

    @Test
    void nothingActiveIsAllOff() {
        LedStates states = states(QuietHours.NEVER);
        scheduler.advance(Duration.ofSeconds(3));
        outputs.values().forEach(o -> assertFalse(o.level()));
        assertEquals(Optional.empty(), states.current().state());
    }

    @Test
    void anErrorOutranksOnlineOnStatusAndUplinkStillShowsTheLink() {
        LedStates states = states(QuietHours.NEVER);
        states.set(LedCondition.ONLINE, true);
        states.set(LedCondition.CONFIG_ERROR, true);
        scheduler.advance(Duration.ofSeconds(10));
        assertPlays(Led.STATUS, THREE_BLINKS, 0, 0);
        assertPlays(Led.UPLINK, SOLID, 0, 0);
        states.set(LedCondition.DEGRADED, true);
        assertEquals(LedCondition.CONFIG_ERROR, states.current().state().orElseThrow(), "config-error > degraded");
        states.set(LedCondition.CONFIG_ERROR, false);
        long from = scheduler.elapsedMillis();
        scheduler.advance(Duration.ofSeconds(10));
        assertPlays(Led.STATUS, TWO_BLINKS, from, 0);
        states.set(LedCondition.NO_UPLINK, true);
        assertEquals(LedCondition.DEGRADED, states.current().state().orElseThrow());
        assertEquals(Pattern.SLOW_BLINK, states.current().of(Led.UPLINK), "no-uplink outranks online");
    }

    @Test
    void identifyOutranksAllButShutdownThenReturnsToTheStateBeneath() {
        LedStates states = states(QuietHours.NEVER);
        states.set(LedCondition.CONFIG_ERROR, true);
        states.set(LedCondition.ONLINE, true);
        scheduler.advance(Duration.ofSeconds(2));
        states.identify(Duration.ofSeconds(10));
        long from = scheduler.elapsedMillis();
        scheduler.advance(Duration.ofSeconds(9));
        for (Led led : Led.values()) {
            assertPlays(led, FAST, from, 0);
        }
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(LedCondition.CONFIG_ERROR, states.current().state().orElseThrow(), "identify timed out by itself");
        long after = scheduler.elapsedMillis();
        scheduler.advance(Duration.ofSeconds(10));
        assertPlays(Led.STATUS, THREE_BLINKS, after, 0);
        assertPlays(Led.UPLINK, SOLID, after, 0);

        states.identify(Duration.ofSeconds(30));
        states.set(LedCondition.SHUTDOWN, true);
        assertEquals(LedCondition.SHUTDOWN, states.current().state().orElseThrow());
        assertEquals(Pattern.SOLID, states.current().of(Led.STATUS));
    }

    @Test
    void aSecondIdentifyExtendsTheFirst() {
        LedStates states = states(QuietHours.NEVER);
        states.set(LedCondition.ONLINE, true);
        states.identify(Duration.ofSeconds(10));
        scheduler.advance(Duration.ofSeconds(5));
        states.identify(Duration.ofSeconds(10));
        scheduler.advance(Duration.ofSeconds(6));
        assertEquals(LedCondition.IDENTIFY, states.current().state().orElseThrow(), "the first deadline passed");
        scheduler.advance(Duration.ofSeconds(4));
        assertEquals(LedCondition.ONLINE, states.current().state().orElseThrow());
    }

    @Test
    void quietHoursDimToAHeartbeatOnStatusButErrorsStillShow() {
        LedStates states = states(QuietHours.ALWAYS);
        states.set(LedCondition.ONLINE, true);
        scheduler.advance(Duration.ofSeconds(21));
        assertPlays(Led.STATUS, QUIET, 0, 0);
        assertPlays(Led.UPLINK, OFF, 0, 0);
        assertPlays(Led.MESH, OFF, 0, 0);
        states.set(LedCondition.NO_UPLINK, true);
        states.set(LedCondition.CONFIG_ERROR, true);
        long from = scheduler.elapsedMillis();
        scheduler.advance(Duration.ofSeconds(10));
        assertPlays(Led.STATUS, THREE_BLINKS, from, 0);
        assertPlays(Led.UPLINK, SLOW, from, 0);
        states.identify(Duration.ofSeconds(5));
        assertEquals(Pattern.FAST_BLINK, states.current().of(Led.MESH), "identify shows in quiet hours");
    }

    @Test
    void quietWindowAcrossMidnightStartsAndEndsOnTime() {
        LedStates states = states(QuietHours.between(LocalTime.of(12, 1), LocalTime.of(12, 3)));
        states.set(LedCondition.ONLINE, true);
        assertFalse(states.current().quiet());
        scheduler.advance(Duration.ofSeconds(59));
        assertFalse(states.current().quiet());
        scheduler.advance(Duration.ofSeconds(2));
        assertTrue(states.current().quiet(), "12:01:01 is inside 12:01-12:03");
        assertEquals(Pattern.QUIET_HEARTBEAT, states.current().of(Led.STATUS));
        assertEquals(Pattern.OFF, states.current().of(Led.UPLINK));
        scheduler.advance(Duration.ofMinutes(2));
        assertFalse(states.current().quiet(), "12:03:01 is after the window");
        assertEquals(Pattern.SOLID, states.current().of(Led.UPLINK));

        QuietHours night = QuietHours.between(LocalTime.of(22, 0), LocalTime.of(7, 0));
        assertTrue(night.contains(LocalTime.of(23, 59)));
        assertTrue(night.contains(LocalTime.of(0, 0)));
        assertTrue(night.contains(LocalTime.of(6, 59)));
        assertFalse(night.contains(LocalTime.of(7, 0)));
        assertFalse(night.contains(LocalTime.of(21, 59)));
        assertTrue(night.contains(LocalTime.of(22, 0)));
    }

    @Test
    void overnightWindowFollowsTheClockThroughMidnight() {
        ManualScheduler evening = new ManualScheduler(Instant.parse("2025-06-01T21:59:00Z"));
        RecordingOutput status = RecordingOutput.on(evening);
        LedStates states = new LedStates(evening, Map.of(Led.STATUS, status),
                QuietHours.between(LocalTime.of(22, 0), LocalTime.of(7, 0)), view -> { });
        states.set(LedCondition.ONLINE, true);
        assertFalse(states.current().quiet());
        evening.advance(Duration.ofMinutes(2));
        assertTrue(states.current().quiet(), "22:01");
        evening.advance(Duration.ofHours(4));
        assertTrue(states.current().quiet(), "02:01 the next day");
        evening.advance(Duration.ofHours(5));
        assertFalse(states.current().quiet(), "07:01");
        assertEquals(Pattern.HEARTBEAT, states.current().of(Led.STATUS));
    }

    @Test
    void activeLowLinesCarryTheInvertedLevel() {
        RecordingOutput pin = RecordingOutput.on(scheduler);
        LedStates states = new LedStates(scheduler, Map.of(Led.UPLINK, LedOutput.activeLow(pin)), QuietHours.NEVER,
                view -> { });
        scheduler.advance(Duration.ZERO);
        assertTrue(pin.level(), "off is a high level on an active-low line");
        states.set(LedCondition.ONLINE, true);
        scheduler.advance(Duration.ofSeconds(1));
        assertFalse(pin.level(), "solid is a low level");
        states.set(LedCondition.NO_UPLINK, true);
        scheduler.advance(Duration.ofMillis(250));
        assertTrue(!pin.level(), "the first phase of slow blink is lit: low");
        scheduler.advance(Duration.ofMillis(500));
        assertTrue(pin.level(), "then dark: high");
        states.stop();
        scheduler.advance(Duration.ZERO);
        assertTrue(pin.level(), "stopped: dark, high");
        assertTrue(pin.closed());
    }
}
