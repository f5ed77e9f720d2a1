package org.lowernet.runtime.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.net.Link;
import org.lowernet.runtime.net.NetSnapshot;
import org.lowernet.runtime.net.netlink.LinuxIfLink;

/** Online and link decisions from snapshots, without a kernel (UplinkLedIT drives them from a real one). */
class UplinkTest {

    private final List<Event> events = new ArrayList<>();
    private final List<Boolean> heard = new ArrayList<>();

    @Test
    void carrierAloneIsOnlineWithoutDhcpAndEachChangeIsOneEvent() {
        Uplink uplink = new Uplink(Optional.of("wan0"), false, events::add);
        uplink.listen(heard::add);
        uplink.observed(snapshot(wan(true)));
        uplink.observed(snapshot(wan(true)));
        uplink.observed(snapshot(wan(false)));
        uplink.observed(snapshot());
        uplink.observed(snapshot(wan(true)));
        assertEquals(List.of(true, false, true), heard, "the first reading and each change");
        assertEquals(List.of("uplink_down", "uplink_up"), events.stream().map(e -> e.type().word()).toList());
        assertEquals("wan0", events.getFirst().fields().get("interface"));
    }

    @Test
    void withDhcpOnlyCarrierAndALeaseTogetherAreOnline() {
        Uplink uplink = new Uplink(Optional.of("wan0"), true, events::add);
        uplink.observed(snapshot(wan(true)));
        assertFalse(uplink.isOnline(), "carrier without a lease");
        uplink.lease(true);
        assertTrue(uplink.isOnline());
        uplink.observed(snapshot(wan(false)));
        assertFalse(uplink.isOnline(), "a lease without carrier");
        uplink.listen(heard::add);
        assertEquals(List.of(false), heard, "a late listener hears the current state at once");
        assertEquals(List.of("uplink_up", "uplink_down"), events.stream().map(e -> e.type().word()).toList());
    }

    @Test
    void noWanPlannedIsNeverOnline() {
        Uplink uplink = new Uplink(Optional.empty(), false, events::add);
        uplink.observed(snapshot(wan(true)));
        uplink.lease(true);
        assertFalse(uplink.isOnline());
        assertEquals(List.of(), events);
    }

    @Test
    void linkEventsFollowCarrierOfThePlannedInterfacesOnly() {
        LinkEvents links = new LinkEvents(Set.of("wan0", "lan0"), events::add);
        links.changed(snapshot(), snapshot(wan(true), link(2, "lan0", false), link(9, "usb9", true)));
        links.changed(snapshot(wan(true)), snapshot(wan(true)));
        links.changed(snapshot(wan(true), link(2, "lan0", false)), snapshot(link(2, "lan0", true)));
        assertEquals(List.of("link_up wan0", "link_up lan0", "link_down wan0"),
                events.stream().map(e -> e.type().word() + " " + e.fields().get("interface")).toList());
    }

    private static Link wan(boolean carrier) {
        return link(3, "wan0", carrier);
    }

    private static Link link(int index, String name, boolean carrier) {
        return new Link(index, name, LinuxIfLink.IFF_UP | (carrier ? LinuxIfLink.IFF_LOWER_UP : 0), 1500, Optional.empty(),
                Link.OperState.UP, Optional.empty(), Link.LinkStats.NONE);
    }

    private static NetSnapshot snapshot(Link... links) {
        return new NetSnapshot(List.of(links), List.of(), List.of());
    }
}
