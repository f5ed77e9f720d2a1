package org.lowernet.runtime.subsystem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private final List<String> journal = new ArrayList<>();

    private Subsystem subsystem(String name, boolean essential, boolean fails) {
        return new Subsystem() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean essential() {
                return essential;
            }

            @Override
            public void start() {
                journal.add("start " + name);
                if (fails) {
                    throw new IllegalStateException(name + " broke");
                }
            }

            @Override
            public void stop() {
                journal.add("stop " + name);
            }
        };
    }

    /** A started subsystem that says it failed (a daemon no longer supervised) is what the watchdog hears of. */
    @Test
    void theFailuresOfStartedSubsystemsAreReportedByNameAndEndWithTheirStop() throws Exception {
        Subsystem dnsmasq = new Subsystem() {
            @Override
            public String name() {
                return "dnsmasq";
            }

            @Override
            public boolean essential() {
                return false;
            }

            @Override
            public void start() {
            }

            @Override
            public void stop() {
            }

            @Override
            public Optional<String> failure() {
                return Optional.of("no longer supervised");
            }
        };
        Lifecycle lifecycle = new Lifecycle(List.of(subsystem("network", true, false), dnsmasq));
        assertEquals(Map.of(), lifecycle.failures(), "nothing started yet");

        lifecycle.start();
        assertEquals(Map.of("dnsmasq", "no longer supervised"), lifecycle.failures());

        lifecycle.stop();
        assertEquals(Map.of(), lifecycle.failures());
    }

    @Test
    void startsInOrderAndStopsInReverse() throws Exception {
        Lifecycle lifecycle = new Lifecycle(List.of(subsystem("network", true, false), subsystem("leds", false, false)));
        lifecycle.start();
        lifecycle.stop();
        lifecycle.stop(); // a second stop (SIGTERM after an error) stops nothing twice

        assertEquals(List.of("start network", "start leds", "stop leds", "stop network"), journal);
    }

    @Test
    void aBestEffortFailureIsSkippedAndNotStopped() throws Exception {
        Lifecycle lifecycle = new Lifecycle(List.of(subsystem("leds", false, true), subsystem("health", false, false)));
        lifecycle.start();
        lifecycle.stop();

        assertEquals(List.of("start leds", "start health", "stop health"), journal);
    }

    @Test
    void anEssentialFailureStopsWhatStartedAndFailsTheStart() {
        Lifecycle lifecycle = new Lifecycle(List.of(subsystem("leds", false, false), subsystem("network", true, true),
                subsystem("health", false, false)));

        IllegalStateException e = assertThrows(IllegalStateException.class, lifecycle::start);

        assertEquals("network broke", e.getMessage());
        assertEquals(List.of("start leds", "start network", "stop leds"), journal);
    }
}
