package org.lowernet.runtime.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.netlink.NetlinkException;
import org.tinylog.Logger;

/** The changes of one reconcile pass: each logged at info, counted, and its failure recorded, not thrown. */
final class Changes {

    private final Rtnetlink rtnetlink;
    private final List<String> failures = new ArrayList<>();
    private int count;

    Changes(Rtnetlink rtnetlink) {
        this.rtnetlink = rtnetlink;
    }

    /** Brings {@code link} to {@code want}; returns the failures. */
    List<String> applyInterface(DesiredInterface want, Link link, List<Address> current) {
        List<String> failed = new ArrayList<>();
        want.mtu().filter(mtu -> mtu != link.mtu()).ifPresent(mtu -> change(failed,
                "interface " + link.name() + ": MTU " + link.mtu() + " -> " + mtu,
                () -> rtnetlink.links().setMtu(link, mtu)));
        if (want.up() != link.isUp()) {
            change(failed, "interface " + link.name() + ": " + (want.up() ? "down -> up" : "up -> down"),
                    () -> rtnetlink.links().setUp(link, want.up()));
        }
        Set<Cidr> present = current.stream().map(Address::cidr).collect(Collectors.toSet());
        for (Cidr cidr : want.addresses()) {
            if (!present.contains(cidr)) {
                change(failed, "interface " + link.name() + ": adding " + cidr,
                        () -> rtnetlink.addresses().add(link, cidr));
            }
        }
        for (Address extra : current) {
            if (!want.addresses().contains(extra.cidr()) && Reconciler.isGlobalPermanent(extra)) {
                change(failed, "interface " + link.name() + ": removing " + extra.cidr() + " (not desired)",
                        () -> rtnetlink.addresses().delete(link, extra.cidr()));
            }
        }
        return failed;
    }

    /** Installs {@code want} unless the main table has it; a route to the same destination is replaced. */
    void applyRoute(DesiredRoute want, Map<String, Link> byName, List<Route> routes) {
        OptionalInt index = OptionalInt.empty();
        if (want.device().isPresent()) {
            Link link = byName.get(want.device().get());
            if (link == null) {
                failures.add("route " + want + ": interface " + want.device().get() + " is missing");
                return;
            }
            index = OptionalInt.of(link.index());
        }
        if (Reconciler.matching(want, index, routes).isPresent()) {
            Logger.debug("route {}: as desired", want);
            return;
        }
        Route route = Route.of(want.destination(), want.gateway(), index);
        change(failures, "route " + want + ": installing", () -> rtnetlink.routes().replace(route));
    }

    int count() {
        return count;
    }

    List<String> failures() {
        return failures;
    }

    private void change(List<String> failed, String what, Runnable action) {
        try {
            action.run();
            count++;
            Logger.info("reconcile: {}", what);
        } catch (NetlinkException e) {
            failed.add(what + ": " + e.getMessage());
            if (failed != failures) {
                failures.add(what + ": " + e.getMessage());
            }
            Logger.warn("reconcile: {} failed: {}", what, e.getMessage());
        }
    }
}
