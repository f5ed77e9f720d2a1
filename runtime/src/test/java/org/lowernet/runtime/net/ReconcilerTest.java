package org.lowernet.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lowernet.runtime.net.PlannerTest.global;
import static org.lowernet.runtime.net.PlannerTest.link;
import static org.lowernet.runtime.net.PlannerTest.route;
import static org.lowernet.runtime.net.PlannerTest.want;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;

/** The reconciler's own decisions without a kernel: statuses after a partly failed pass, which changes wake it. */
class ReconcilerTest {

    private static final DesiredState LAN_AND_WAN = new DesiredState(
            List.of(want("lan0", true, "10.42.0.1/24"), want("wan0", true), want("lan1", true)), List.of());

    @Test
    void aPartlyFailedPassMarksOnlyTheInterfaceWhoseChangeFailed() {
        Plan plan = new Plan(List.of(new Change.AddAddress(2, "lan0", Cidr.parse("10.42.0.1/24")),
                new Change.SetUp(3, "wan0", true)), Set.of("lan1"), List.of());
        List<Applier.Outcome> outcomes = List.of(
                new Applier.Outcome(plan.changes().get(0), Optional.of("interface lan0: adding 10.42.0.1/24: EACCES")),
                new Applier.Outcome(plan.changes().get(1), Optional.empty()));
        Map<String, InterfaceStatus> statuses = Reconciler.statuses(LAN_AND_WAN, plan, outcomes);
        assertEquals(new InterfaceStatus("lan0", InterfaceStatus.State.FAILED, "interface lan0: adding 10.42.0.1/24: EACCES"),
                statuses.get("lan0"));
        assertEquals(InterfaceStatus.State.APPLIED, statuses.get("wan0").state());
        assertEquals(InterfaceStatus.State.MISSING, statuses.get("lan1").state());
    }

    @Test
    void aRouteFailureMarksNoInterface() {
        Route route = route("0.0.0.0/0", "203.0.113.1", 3, LinuxRtnetlink.RTPROT_LOWERNET);
        Plan plan = new Plan(List.of(new Change.RemoveRoute(route, "not desired")), Set.of(), List.of());
        Map<String, InterfaceStatus> statuses = Reconciler.statuses(LAN_AND_WAN, plan,
                List.of(new Applier.Outcome(plan.changes().getFirst(), Optional.of("EPERM"))));
        assertTrue(statuses.values().stream().noneMatch(s -> s.state() == InterfaceStatus.State.FAILED), statuses.toString());
    }

    @Test
    void aReadWakesItWhenThereIsWorkOrSomethingToSayAnew() {
        NetSnapshot asDesired = new NetSnapshot(List.of(link(2, "lan0", true, true, 1500), link(3, "wan0", true, true, 1500),
                link(4, "lan1", true, true, 1500), link(9, "usb9", true, true, 1500)), List.of(global(2, "10.42.0.1/24")), List.of());
        Plan settled = Planner.plan(LAN_AND_WAN, asDesired);
        assertTrue(settled.isEmpty(), settled.toString());
        NetSnapshot lanDown = new NetSnapshot(List.of(link(2, "lan0", false, false, 1500), link(3, "wan0", true, true, 1500),
                link(4, "lan1", true, true, 1500), link(9, "usb9", true, true, 1500)), asDesired.addresses(), List.of());
        NetSnapshot flushed = new NetSnapshot(asDesired.links(), List.of(), List.of());
        NetSnapshot otherDown = new NetSnapshot(List.of(link(2, "lan0", true, true, 1500), link(3, "wan0", true, true, 1500),
                link(4, "lan1", true, true, 1500), link(9, "usb9", false, false, 1500)), asDesired.addresses(), List.of());
        NetSnapshot babel = new NetSnapshot(asDesired.links(), asDesired.addresses(),
                List.of(route("10.77.0.0/16", "10.42.0.9", 2, LinuxRtnetlink.RTPROT_BABEL)));
        NetSnapshot lan1Gone = new NetSnapshot(asDesired.links().subList(0, 2), asDesired.addresses(), List.of());

        assertFalse(Reconciler.worthAPass(Planner.plan(LAN_AND_WAN, asDesired), settled), "nothing differs");
        assertTrue(Reconciler.worthAPass(Planner.plan(LAN_AND_WAN, lanDown), settled), "a desired link down");
        assertTrue(Reconciler.worthAPass(Planner.plan(LAN_AND_WAN, flushed), settled), "a desired address gone");
        assertFalse(Reconciler.worthAPass(Planner.plan(LAN_AND_WAN, otherDown), settled), "an interface lowernet does not manage");
        assertFalse(Reconciler.worthAPass(Planner.plan(LAN_AND_WAN, babel), settled), "babel's routes");
        Plan missing = Planner.plan(LAN_AND_WAN, lan1Gone);
        assertTrue(Reconciler.worthAPass(missing, settled), "an interface disappeared: its status changes");
        assertFalse(Reconciler.worthAPass(Planner.plan(LAN_AND_WAN, lan1Gone), missing), "still missing: said already");
    }
}
