package org.lowernet.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.netlink.LinuxIfAddr;
import org.lowernet.runtime.net.netlink.LinuxIfLink;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;

/**
 * The planner as a table, without root: desired state and a snapshot in, the changes (as the log says
 * them), the missing interfaces and what is left alone out. The kernel itself is the applier's and the
 * system tests' (ReconcilerIT).
 */
class PlannerTest {

    private static final int STATIC = LinuxRtnetlink.RTPROT_STATIC;
    private static final int BABEL = LinuxRtnetlink.RTPROT_BABEL;
    private static final int KERNEL = LinuxRtnetlink.RTPROT_KERNEL;
    private static final int OURS = LinuxRtnetlink.RTPROT_LOWERNET;
    private static final int RA = 9;

    record Case(String name, DesiredState desired, NetSnapshot observed, List<String> changes, Set<String> missing,
                List<String> leftAlone) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> t = new ArrayList<>();
        Link lan = link(2, "lan0", true, true, 1500);
        Link wan = link(3, "wan0", true, true, 1500);

        t.add(new Case("nothing desired, nothing there", state(), snapshot(), List.of(), Set.of(), List.of()));
        t.add(new Case("a desired interface the kernel lacks is missing, nothing else",
                state(want("lan1", true)), snapshot(lan), List.of(), Set.of("lan1"), List.of()));
        t.add(new Case("down to up", state(want("lan0", true)), snapshot(link(2, "lan0", false, false, 1500)),
                List.of("interface lan0: down -> up"), Set.of(), List.of()));
        t.add(new Case("up to down (role off)", state(want("lan0", false)), snapshot(lan),
                List.of("interface lan0: up -> down"), Set.of(), List.of()));
        t.add(new Case("MTU differs", state(wantMtu("lan0", 1400)), snapshot(lan),
                List.of("interface lan0: MTU 1500 -> 1400"), Set.of(), List.of()));
        t.add(new Case("no MTU desired: left as it is", state(want("lan0", true)), snapshot(link(2, "lan0", true, true, 9000)),
                List.of(), Set.of(), List.of()));
        t.add(new Case("MTU as desired", state(wantMtu("lan0", 1500)), snapshot(lan), List.of(), Set.of(), List.of()));
        t.add(new Case("a missing IPv4 address is added", state(want("lan0", true, "10.42.0.1/24")), snapshot(lan),
                List.of("interface lan0: adding 10.42.0.1/24"), Set.of(), List.of()));
        t.add(new Case("a missing IPv6 address is added", state(want("lan0", true, "fd00:42::1/64")), snapshot(lan),
                List.of("interface lan0: adding fd00:42::1/64"), Set.of(), List.of()));
        t.add(new Case("idempotent: everything as desired", state(want("lan0", true, "10.42.0.1/24", "fd00:42::1/64")),
                snapshot(List.of(lan), List.of(global(2, "10.42.0.1/24"), global(2, "fd00:42::1/64")), List.of()),
                List.of(), Set.of(), List.of()));
        t.add(new Case("an extra global permanent IPv4 address is removed", state(want("lan0", true, "10.42.0.1/24")),
                snapshot(List.of(lan), List.of(global(2, "10.42.0.1/24"), global(2, "192.0.2.7/24")), List.of()),
                List.of("interface lan0: removing 192.0.2.7/24 (not desired)"), Set.of(), List.of()));
        t.add(new Case("the kernel's IPv6 link-local address is kept", state(want("lan0", true)),
                snapshot(List.of(lan), List.of(linkLocal(2, "fe80::1/64")), List.of()), List.of(), Set.of(), List.of()));
        t.add(new Case("a SLAAC (not permanent) address is kept", state(want("lan0", true)),
                snapshot(List.of(lan), List.of(dynamic(2, "2001:db8::5/64")), List.of()), List.of(), Set.of(), List.of()));
        t.add(new Case("an address on the wrong desired interface moves", state(want("lan0", true, "10.42.0.1/24"), want("wan0", true)),
                snapshot(List.of(lan, wan), List.of(global(3, "10.42.0.1/24")), List.of()),
                List.of("interface lan0: adding 10.42.0.1/24", "interface wan0: removing 10.42.0.1/24 (not desired)"),
                Set.of(), List.of()));
        t.add(new Case("an interface lowernet does not manage keeps its addresses",
                state(want("lan0", true, "10.42.0.1/24")),
                snapshot(List.of(lan, link(9, "usb9", true, true, 1500)), List.of(global(9, "10.42.0.1/24")), List.of()),
                List.of("interface lan0: adding 10.42.0.1/24"), Set.of(), List.of()));
        t.add(new Case("the same address with another prefix length is replaced", state(want("lan0", true, "10.42.0.1/24")),
                snapshot(List.of(lan), List.of(global(2, "10.42.0.1/16")), List.of()),
                List.of("interface lan0: adding 10.42.0.1/24", "interface lan0: removing 10.42.0.1/16 (not desired)"),
                Set.of(), List.of()));
        t.add(new Case("one interface's changes in order: MTU, up, add, remove",
                state(new DesiredInterface("lan0", true, Optional.of(1400), cidrs("10.42.0.1/24"))),
                snapshot(List.of(link(2, "lan0", false, false, 1500)), List.of(global(2, "10.9.0.1/24")), List.of()),
                List.of("interface lan0: MTU 1500 -> 1400", "interface lan0: down -> up",
                        "interface lan0: adding 10.42.0.1/24", "interface lan0: removing 10.9.0.1/24 (not desired)"),
                Set.of(), List.of()));
        t.add(new Case("several addresses are added in a stable order", state(want("lan0", true, "10.42.0.1/24", "10.42.1.1/24", "fd00::1/64")),
                snapshot(lan), List.of("interface lan0: adding 10.42.0.1/24", "interface lan0: adding 10.42.1.1/24",
                        "interface lan0: adding fd00::1/64"), Set.of(), List.of()));
        t.add(new Case("drift: link set down and flushed at once", state(want("lan0", true, "10.42.0.1/24")),
                snapshot(link(2, "lan0", false, false, 1500)),
                List.of("interface lan0: down -> up", "interface lan0: adding 10.42.0.1/24"), Set.of(), List.of()));
        t.add(new Case("one interface missing, the other still configured", state(want("lan0", true, "10.42.0.1/24"), want("lan1", true)),
                snapshot(lan), List.of("interface lan0: adding 10.42.0.1/24"), Set.of("lan1"), List.of()));

        DesiredState wanWithDefault = new DesiredState(List.of(want("wan0", true, "203.0.113.5/24")),
                List.of(DesiredRoute.defaultVia(ip("203.0.113.1"))));
        List<Address> wanAddress = List.of(global(3, "203.0.113.5/24"));
        t.add(new Case("a desired default route is installed after the interfaces", wanWithDefault,
                snapshot(List.of(link(3, "wan0", false, false, 1500)), List.of(), List.of()),
                List.of("interface wan0: down -> up", "interface wan0: adding 203.0.113.5/24",
                        "route 0.0.0.0/0 via 203.0.113.1: installing"), Set.of(), List.of()));
        t.add(new Case("lowernet's own default route is there: nothing to do", wanWithDefault,
                snapshot(List.of(wan), wanAddress, List.of(route("0.0.0.0/0", "203.0.113.1", 3, OURS))),
                List.of(), Set.of(), List.of()));
        t.add(new Case("a person's static default route is left alone and said", wanWithDefault,
                snapshot(List.of(wan), wanAddress, List.of(route("0.0.0.0/0", "203.0.113.9", 3, STATIC))),
                List.of(), Set.of(), List.of("route 0.0.0.0/0 via 203.0.113.1: the main table has a route to 0.0.0.0/0"
                        + " of protocol static (4) at the same metric; lowernet leaves it alone")));
        t.add(new Case("babel's default route is never touched", wanWithDefault,
                snapshot(List.of(wan), wanAddress, List.of(route("0.0.0.0/0", "203.0.113.9", 3, BABEL))),
                List.of(), Set.of(), List.of("route 0.0.0.0/0 via 203.0.113.1: the main table has a route to 0.0.0.0/0"
                        + " of protocol babel (42) at the same metric; lowernet leaves it alone")));
        t.add(new Case("a foreign route at another metric does not stand in the way", wanWithDefault,
                snapshot(List.of(wan), wanAddress, List.of(metric(route("0.0.0.0/0", "203.0.113.9", 3, BABEL), 100))),
                List.of("route 0.0.0.0/0 via 203.0.113.1: installing"), Set.of(), List.of()));
        t.add(new Case("lowernet's route with an old gateway is removed before the new one goes in", wanWithDefault,
                snapshot(List.of(wan), wanAddress, List.of(route("0.0.0.0/0", "203.0.113.254", 3, OURS))),
                List.of("route 0.0.0.0/0 via 203.0.113.254 dev #3: removing (not desired)",
                        "route 0.0.0.0/0 via 203.0.113.1: installing"), Set.of(), List.of()));
        t.add(new Case("lowernet's stale route goes first, even before interface changes (a lost lease)",
                state(want("wan0", true)),
                snapshot(List.of(wan), wanAddress, List.of(route("0.0.0.0/0", "203.0.113.1", 3, OURS))),
                List.of("route 0.0.0.0/0 via 203.0.113.1 dev #3: removing (not desired)",
                        "interface wan0: removing 203.0.113.5/24 (not desired)"), Set.of(), List.of()));
        t.add(new Case("routes of other protocols that nobody desires stay", state(),
                snapshot(List.of(wan), List.of(), List.of(route("10.77.0.0/16", "203.0.113.9", 3, BABEL),
                        route("192.0.2.0/24", "203.0.113.9", 3, STATIC))), List.of(), Set.of(), List.of()));
        t.add(new Case("the kernel's connected routes stay", state(want("wan0", true, "203.0.113.5/24")),
                snapshot(List.of(wan), wanAddress, List.of(route("203.0.113.0/24", null, 3, KERNEL))),
                List.of(), Set.of(), List.of()));
        DesiredState onDevice = new DesiredState(List.of(),
                List.of(new DesiredRoute(Cidr.parse("198.51.100.0/24"), Optional.empty(), Optional.of("lan0"))));
        t.add(new Case("a route on a missing interface is left alone and said", onDevice, snapshot(wan), List.of(),
                Set.of(), List.of("route 198.51.100.0/24 dev lan0: interface lan0 is missing")));
        t.add(new Case("a route on an interface goes to that interface's index", onDevice, snapshot(lan, wan),
                List.of("route 198.51.100.0/24 dev lan0: installing"), Set.of(), List.of()));
        t.add(new Case("lowernet's route on the wrong interface moves", onDevice,
                snapshot(List.of(lan, wan), List.of(), List.of(route("198.51.100.0/24", null, 3, OURS))),
                List.of("route 198.51.100.0/24 dev #3: removing (not desired)",
                        "route 198.51.100.0/24 dev lan0: installing"), Set.of(), List.of()));
        DesiredState v6Default = new DesiredState(List.of(), List.of(DesiredRoute.defaultVia(ip("fe80::1"))));
        t.add(new Case("IPv6: a router advertisement's default route (metric 1024) is left alone", v6Default,
                snapshot(List.of(wan), List.of(), List.of(metric(route("::/0", "fe80::9", 3, RA), 1024))),
                List.of(), Set.of(), List.of("route ::/0 via fe80::1: the main table has a route to ::/0 of protocol 9"
                        + " at the same metric; lowernet leaves it alone")));
        t.add(new Case("IPv6: a foreign route at metric 256 does not stand in the way", v6Default,
                snapshot(List.of(wan), List.of(), List.of(metric(route("::/0", "fe80::9", 3, RA), 256))),
                List.of("route ::/0 via fe80::1: installing"), Set.of(), List.of()));
        t.add(new Case("IPv6: lowernet's default route is there", v6Default,
                snapshot(List.of(wan), List.of(), List.of(metric(route("::/0", "fe80::1", 3, OURS), 1024))),
                List.of(), Set.of(), List.of()));
        return t.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void plans(Case c) {
        Plan plan = Planner.plan(c.desired(), c.observed());
        assertEquals(c.changes(), plan.changes().stream().map(Change::describe).toList(), "changes");
        assertEquals(c.missing(), plan.missing(), "missing");
        assertEquals(c.leftAlone(), plan.leftAlone(), "left alone");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void applyingThePlanLeavesNothingToDo(Case c) {
        // What the kernel would look like after the plan worked: the same planner must then find nothing.
        NetSnapshot after = Simulated.apply(c.observed(), Planner.plan(c.desired(), c.observed()));
        assertEquals(List.of(), Planner.plan(c.desired(), after).changes(), "a second pass");
    }

    /** The kernel's side of each change, just enough for the idempotence check. */
    private static final class Simulated {
        static NetSnapshot apply(NetSnapshot s, Plan plan) {
            List<Link> links = new ArrayList<>(s.links());
            List<Address> addresses = new ArrayList<>(s.addresses());
            List<Route> routes = new ArrayList<>(s.routes());
            for (Change change : plan.changes()) {
                switch (change) {
                    case Change.SetMtu c -> links.replaceAll(l -> l.index() == c.index()
                            ? new Link(l.index(), l.name(), l.flags(), c.to(), l.mac(), l.operState(), l.kind(), l.stats()) : l);
                    case Change.SetUp c -> links.replaceAll(l -> l.index() == c.index()
                            ? new Link(l.index(), l.name(), c.up() ? l.flags() | LinuxIfLink.IFF_UP : l.flags() & ~LinuxIfLink.IFF_UP,
                            l.mtu(), l.mac(), l.operState(), l.kind(), l.stats()) : l);
                    case Change.AddAddress c -> addresses.add(new Address(c.index(), c.cidr(), 0, LinuxIfAddr.IFA_F_PERMANENT));
                    case Change.RemoveAddress c -> addresses.removeIf(a -> a.interfaceIndex() == c.index() && a.cidr().equals(c.cidr()));
                    case Change.AddRoute c -> routes.add(new Route(c.route().destination(), c.route().gateway(),
                            c.route().interfaceIndex().isPresent() ? c.route().interfaceIndex() : OptionalInt.of(3),
                            c.route().protocol(), c.route().scope(), c.route().type(), c.route().metric()));
                    case Change.RemoveRoute c -> routes.remove(c.route());
                }
            }
            return new NetSnapshot(links, addresses, routes);
        }
    }

    static Link link(int index, String name, boolean up, boolean carrier, int mtu) {
        int flags = (up ? LinuxIfLink.IFF_UP : 0) | (carrier ? LinuxIfLink.IFF_LOWER_UP : 0);
        return new Link(index, name, flags, mtu, Optional.of("02:00:00:00:00:0" + index), Link.OperState.UP,
                Optional.empty(), Link.LinkStats.NONE);
    }

    static Address global(int index, String cidr) {
        return new Address(index, Cidr.parse(cidr), LinuxRtnetlink.RT_SCOPE_UNIVERSE, LinuxIfAddr.IFA_F_PERMANENT);
    }

    static Address linkLocal(int index, String cidr) {
        return new Address(index, Cidr.parse(cidr), LinuxRtnetlink.RT_SCOPE_LINK, LinuxIfAddr.IFA_F_PERMANENT);
    }

    static Address dynamic(int index, String cidr) {
        return new Address(index, Cidr.parse(cidr), LinuxRtnetlink.RT_SCOPE_UNIVERSE, 0);
    }

    static Route route(String destination, String gateway, int index, int protocol) {
        return new Route(Cidr.parse(destination), Optional.ofNullable(gateway).map(PlannerTest::ip), OptionalInt.of(index),
                protocol, gateway == null ? LinuxRtnetlink.RT_SCOPE_LINK : LinuxRtnetlink.RT_SCOPE_UNIVERSE,
                LinuxRtnetlink.RTN_UNICAST, OptionalInt.empty());
    }

    static Route metric(Route r, int metric) {
        return new Route(r.destination(), r.gateway(), r.interfaceIndex(), r.protocol(), r.scope(), r.type(),
                OptionalInt.of(metric));
    }

    static DesiredInterface want(String name, boolean up, String... cidrs) {
        return new DesiredInterface(name, up, Optional.empty(), cidrs(cidrs));
    }

    static DesiredInterface wantMtu(String name, int mtu) {
        return new DesiredInterface(name, true, Optional.of(mtu), Set.of());
    }

    static Set<Cidr> cidrs(String... cidrs) {
        return Set.copyOf(Arrays.stream(cidrs).map(Cidr::parse).toList());
    }

    static DesiredState state(DesiredInterface... interfaces) {
        return new DesiredState(List.of(interfaces), List.of());
    }

    static NetSnapshot snapshot(Link... links) {
        return new NetSnapshot(List.of(links), List.of(), List.of());
    }

    static NetSnapshot snapshot(List<Link> links, List<Address> addresses, List<Route> routes) {
        return new NetSnapshot(links, addresses, routes);
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
