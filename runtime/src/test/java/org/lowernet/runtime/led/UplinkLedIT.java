package org.lowernet.runtime.led;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.config.QuietHours;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.net.Netns;
import org.lowernet.runtime.net.NetworkState;
import org.lowernet.runtime.net.Rtnetlink;
import org.lowernet.runtime.net.netlink.NetworkNamespace;
import org.lowernet.runtime.uplink.Uplink;

/**
 * Real events: a veth WAN in a network namespace loses carrier when its peer goes down; the {@link Uplink},
 * reading the one {@link NetworkState}, says so and the uplink LED follows within 1 s, as a recording output
 * on the real scheduler thread sees it, and comes back.
 */
class UplinkLedIT {

    private static final Duration WITHIN = Duration.ofSeconds(1);

    @Test
    void theUplinkLedFollowsTheWanCarrier() throws Exception {
        long start = System.nanoTime();
        RecordingOutput uplinkLed = new RecordingOutput(() -> (System.nanoTime() - start) / 1_000_000);
        try (Netns ns = Netns.create();
             LedScheduler scheduler = LedScheduler.thread(Clock.systemDefaultZone())) {
            ns.ip("link", "add", "wan0", "type", "veth", "peer", "name", "wanp");
            ns.ip("link", "set", "wanp", "up");
            ns.ip("link", "set", "wan0", "up");
            LedStates states = new LedStates(scheduler, Map.of(Led.UPLINK, uplinkLed), QuietHours.NEVER, v -> { });
            List<Event> events = new CopyOnWriteArrayList<>();
            try (Rtnetlink rtnetlink = Rtnetlink.open(NetworkNamespace.named(ns.name));
                 NetworkState state = NetworkState.open(rtnetlink);
                 Uplink uplink = new Uplink(Optional.of("wan0"), false, events::add)) {
                uplink.listen(states::uplink);
                uplink.start(state);
                await("online with the link up", () -> states.current().of(Led.UPLINK) == Pattern.SOLID);
                await("the uplink LED lit", uplinkLed::level);

                ns.ip("link", "set", "wanp", "down");
                long down = (System.nanoTime() - start) / 1_000_000;
                await("no-uplink after the peer went down", () -> states.current().of(Led.UPLINK) == Pattern.SLOW_BLINK);
                // Slow blink starts lit for 500 ms, then dark: the line must have gone dark within 1 s.
                await("the uplink LED blinking", () -> uplinkLed.edges().stream()
                        .anyMatch(e -> e.at() > down && !e.level()));
                assertEquals(LedCondition.NO_UPLINK, states.current().state().orElseThrow());

                ns.ip("link", "set", "wanp", "up");
                await("online again", () -> states.current().of(Led.UPLINK) == Pattern.SOLID);
                long up = (System.nanoTime() - start) / 1_000_000;
                Thread.sleep(700);
                assertTrue(uplinkLed.level(), "solid again");
                assertTrue(uplinkLed.edges().stream().filter(e -> e.at() > up).allMatch(RecordingOutput.Edge::level),
                        "no blinking after the link came back: " + uplinkLed.edges());
                // The first reading is no change; the loss and the return are one event each.
                assertEquals(List.of("uplink_down", "uplink_up"), events.stream().map(e -> e.type().word()).toList());
                assertEquals("wan0", events.getFirst().fields().get("interface"));
            }
            states.stop().get();
        }
    }

    @Test
    void withDhcpTheUplinkIsOnlineOnlyWhileALeaseIsHeld() throws Exception {
        try (Netns ns = Netns.create();
             LedScheduler scheduler = LedScheduler.thread(Clock.systemDefaultZone())) {
            ns.ip("link", "add", "wan0", "type", "veth", "peer", "name", "wanp");
            ns.ip("link", "set", "wanp", "up");
            ns.ip("link", "set", "wan0", "up");
            LedStates states = new LedStates(scheduler, Map.of(), QuietHours.NEVER, v -> { });
            try (Rtnetlink rtnetlink = Rtnetlink.open(NetworkNamespace.named(ns.name));
                 NetworkState state = NetworkState.open(rtnetlink);
                 Uplink watch = new Uplink(Optional.of("wan0"), true, EventSink.NONE)) {
                watch.listen(states::uplink);
                watch.start(state);
                await("carrier alone is no uplink", () -> states.current().state().orElseThrow() == LedCondition.NO_UPLINK);

                watch.lease(true);
                await("online with a lease", () -> states.current().state().orElseThrow() == LedCondition.ONLINE);

                watch.lease(false);
                await("no-uplink when the lease is lost", () -> states.current().state().orElseThrow() == LedCondition.NO_UPLINK);

                watch.lease(true);
                ns.ip("link", "set", "wanp", "down");
                await("no-uplink without carrier, lease or not", () -> states.current().state().orElseThrow() == LedCondition.NO_UPLINK);
            }
            states.stop().get();
        }
    }

    /** Polls every 10 ms for at most {@link #WITHIN}. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + ": not within " + WITHIN);
            }
            Thread.sleep(10);
        }
    }
}
