package org.lowernet.runtime.net;

import java.util.List;
import java.util.Optional;

/**
 * The kernel's interfaces, addresses and main-table routes at one moment, read in three dumps. Immutable:
 * every reader of network state (planner, uplink, reports, statistics) works on one of these.
 */
public record NetSnapshot(List<Link> links, List<Address> addresses, List<Route> routes) {

    public static final NetSnapshot EMPTY = new NetSnapshot(List.of(), List.of(), List.of());

    public NetSnapshot {
        links = List.copyOf(links);
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
    }

    /** Three dumps now; the daemon reads through its one {@link NetworkState}, this is for tools and benchmarks. */
    public static NetSnapshot read(Rtnetlink rtnetlink) {
        return new NetSnapshot(rtnetlink.links().list(), rtnetlink.addresses().list(), rtnetlink.routes().list());
    }

    public Optional<Link> link(String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public List<Address> addressesOf(int interfaceIndex) {
        return addresses.stream().filter(a -> a.interfaceIndex() == interfaceIndex).toList();
    }

    /** The interface exists and its driver signals carrier. */
    public boolean carrier(String name) {
        return link(name).map(Link::isLowerUp).orElse(false);
    }

    /** Equal but for traffic counters, which change without any event. */
    public boolean sameState(NetSnapshot other) {
        return addresses.equals(other.addresses) && routes.equals(other.routes)
                && links.stream().map(Link::withoutStats).toList()
                        .equals(other.links.stream().map(Link::withoutStats).toList());
    }
}
