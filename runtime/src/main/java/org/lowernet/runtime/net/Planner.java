package org.lowernet.runtime.net;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.netlink.LinuxIfAddr;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;

/**
 * Compares a {@link DesiredState} with a {@link NetSnapshot} and lists the changes that make the kernel
 * match: no side effects, so every case is a table test without root.
 *
 * <p>Only what is desired is enforced. Extra addresses are removed only if permanent and global (never the
 * kernel's link-local or SLAAC ones). Routes: lowernet changes and removes only routes of its own protocol
 * ({@link LinuxRtnetlink#RTPROT_LOWERNET}); a route of another protocol (babeld's, the kernel's, a person's)
 * is never touched, and a desired route whose place it holds is reported, not forced. The order: stale
 * routes of lowernet's go first (so a changed gateway can be installed), then interfaces (MTU, up, addresses),
 * then the routes to install (they may need those addresses).
 */
public final class Planner {

    private static final Comparator<Cidr> CIDR_ORDER = Comparator.comparing(Cidr::toString);

    private Planner() {
    }

    public static Plan plan(DesiredState desired, NetSnapshot observed) {
        List<Change> interfaceChanges = new ArrayList<>();
        Set<String> missing = new HashSet<>();
        for (DesiredInterface want : desired.interfaces()) {
            Optional<Link> link = observed.link(want.name());
            if (link.isEmpty()) {
                missing.add(want.name());
                continue;
            }
            interfaceChanges.addAll(interfaceChanges(want, link.get(), observed.addressesOf(link.get().index())));
        }

        List<String> leftAlone = new ArrayList<>();
        List<Change> routeAdditions = new ArrayList<>();
        Set<Route> kept = new HashSet<>();
        for (DesiredRoute want : desired.routes()) {
            OptionalInt index = OptionalInt.empty();
            if (want.device().isPresent()) {
                Optional<Link> link = observed.link(want.device().get());
                if (link.isEmpty()) {
                    leftAlone.add("route " + want + ": interface " + want.device().get() + " is missing");
                    continue;
                }
                index = OptionalInt.of(link.get().index());
            }
            Route route = Route.of(want.destination(), want.gateway(), index);
            Optional<Route> ours = matching(route, observed.routes());
            if (ours.isPresent()) {
                kept.add(ours.get());
                continue;
            }
            Optional<Route> foreign = observed.routes().stream().filter(r -> !r.isLowernets())
                    .filter(r -> samePlace(r, route)).findFirst();
            if (foreign.isPresent()) {
                leftAlone.add("route " + want + ": the main table has a route to " + route.destination()
                        + " of protocol " + protocolName(foreign.get().protocol()) + " at the same metric;"
                        + " lowernet leaves it alone");
                continue;
            }
            routeAdditions.add(new Change.AddRoute(want, route));
        }
        List<Change> changes = new ArrayList<>();
        observed.routes().stream().filter(Route::isLowernets).filter(r -> !kept.contains(r))
                .map(r -> new Change.RemoveRoute(r, "not desired")).forEach(changes::add);
        changes.addAll(interfaceChanges);
        changes.addAll(routeAdditions);
        return new Plan(changes, missing, leftAlone);
    }

    private static List<Change> interfaceChanges(DesiredInterface want, Link link, List<Address> current) {
        List<Change> changes = new ArrayList<>();
        want.mtu().filter(mtu -> mtu != link.mtu())
                .ifPresent(mtu -> changes.add(new Change.SetMtu(link.index(), link.name(), link.mtu(), mtu)));
        if (want.up() != link.isUp()) {
            changes.add(new Change.SetUp(link.index(), link.name(), want.up()));
        }
        Set<Cidr> present = new HashSet<>();
        current.forEach(a -> present.add(a.cidr()));
        want.addresses().stream().filter(c -> !present.contains(c)).sorted(CIDR_ORDER)
                .forEach(c -> changes.add(new Change.AddAddress(link.index(), link.name(), c)));
        current.stream().filter(a -> !want.addresses().contains(a.cidr()) && isGlobalPermanent(a))
                .map(Address::cidr).sorted(CIDR_ORDER)
                .forEach(c -> changes.add(new Change.RemoveAddress(link.index(), link.name(), c)));
        return changes;
    }

    /** Set by hand or by lowernet (not by the kernel, SLAAC or DHCPv6), and valid beyond the link. */
    static boolean isGlobalPermanent(Address a) {
        return a.scope() == LinuxRtnetlink.RT_SCOPE_UNIVERSE && (a.flags() & LinuxIfAddr.IFA_F_PERMANENT) != 0;
    }

    /** A route of lowernet's to the same destination and gateway, on the same interface if one is named. */
    private static Optional<Route> matching(Route want, List<Route> routes) {
        return routes.stream().filter(Route::isLowernets)
                .filter(r -> r.destination().equals(want.destination()))
                .filter(r -> r.gateway().equals(want.gateway()))
                .filter(r -> want.interfaceIndex().isEmpty() || r.interfaceIndex().equals(want.interfaceIndex()))
                .findFirst();
    }

    /** The kernel keys a main-table route by destination and metric: two such routes cannot both be added. */
    private static boolean samePlace(Route existing, Route want) {
        return existing.destination().equals(want.destination()) && metric(existing) == metric(want);
    }

    /** The metric the kernel gives a route that names none: 0 for IPv4, 1024 for IPv6 (ip-route(8)). */
    private static int metric(Route route) {
        return route.metric().orElse(route.destination().family() == LinuxRtnetlink.AF_INET6 ? 1024 : 0);
    }

    static String protocolName(int protocol) {
        return switch (protocol) {
            case LinuxRtnetlink.RTPROT_KERNEL -> "kernel (2)";
            case LinuxRtnetlink.RTPROT_BOOT -> "boot (3)";
            case LinuxRtnetlink.RTPROT_STATIC -> "static (4)";
            case LinuxRtnetlink.RTPROT_BABEL -> "babel (42)";
            default -> String.valueOf(protocol);
        };
    }
}
