package org.lowernet.runtime.mesh;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.lowernet.runtime.ip.Cidr;

/**
 * What babeld knows, as one immutable value: this node's router-id, its neighbours with their link costs, the
 * routes it has learned and the prefixes it announces itself. Lists are in babeld's entry-id order; the link
 * quality history ({@code reach}) is left out, so a new view means a change that matters.
 *
 * @param myId       this node's router-id; empty until babeld said it
 * @param neighbours the babel neighbours
 * @param routes     every learned route, installed or not
 * @param xroutes    what this node announces (redistributed from the kernel)
 */
public record MeshView(Optional<RouterId> myId, List<Neighbour> neighbours, List<Route> routes,
                       List<XRoute> xroutes) {

    /** Babel's infinite metric: a retracted route. */
    public static final int INFINITY = 0xFFFF;

    public static final MeshView EMPTY = new MeshView(Optional.empty(), List.of(), List.of(), List.of());

    public MeshView {
        neighbours = List.copyOf(neighbours);
        routes = List.copyOf(routes);
        xroutes = List.copyOf(xroutes);
    }

    /**
     * A neighbour on a mesh link.
     *
     * @param entry   babeld's id for the entry (changes with every babeld run)
     * @param address its link-local address
     * @param rxcost  the cost of receiving from it, as this node measures it
     * @param txcost  the cost of sending to it, as it reports it
     * @param cost    the link cost used in metrics; {@value #INFINITY} when unreachable
     */
    public record Neighbour(String entry, String address, String interfaceName, int rxcost, int txcost, int cost) {
    }

    /**
     * A route learned from the mesh.
     *
     * @param from       its source prefix (0.0.0.0/0 or ::/0 unless source-specific)
     * @param installed  whether babeld installed it in the kernel (the best of its prefix)
     * @param originator the router-id of the node that announces the prefix
     * @param metric     the route's metric; {@value #INFINITY} when retracted
     * @param via        the next hop's link-local address
     */
    public record Route(String entry, Cidr prefix, Cidr from, boolean installed, RouterId originator, int metric,
                        int refmetric, String via, String interfaceName) {

        /** Installed and not retracted: traffic to the prefix goes this way now. */
        public boolean inUse() {
            return installed && metric < INFINITY;
        }

        /** Not retracted: its originator announces the prefix. */
        public boolean feasible() {
            return metric < INFINITY;
        }
    }

    /** A prefix this node announces, redistributed from the kernel. */
    public record XRoute(String entry, Cidr prefix, Cidr from, int metric) {
    }

    /** The mesh's default route in use (IPv4): the gateway this node's traffic to the internet takes. */
    public Optional<Route> gateway() {
        return routes.stream().filter(Route::inUse).filter(r -> r.prefix().isDefault()
                && r.prefix().family() == Cidr.AF_INET).findFirst();
    }

    /** Whether this node announces a default route itself (its own uplink is up). */
    public boolean announcesDefault() {
        return xroutes.stream().anyMatch(x -> x.prefix().isDefault());
    }

    /**
     * The prefixes each other router announces (not retracted), default routes left out: router-id (as babeld
     * writes it, so text order is id order) to its prefixes sorted by text. What the prefix-collision rule
     * compares and the mesh directory asks.
     */
    public Map<String, List<Cidr>> announced() {
        Map<String, List<Cidr>> out = new TreeMap<>();
        routes.stream().filter(Route::feasible).filter(r -> !r.prefix().isDefault())
                .forEach(r -> out.computeIfAbsent(r.originator().toString(), id -> new ArrayList<>()).add(r.prefix()));
        out.replaceAll((id, prefixes) -> prefixes.stream().distinct()
                .sorted(Comparator.comparing(Cidr::toString)).toList());
        return java.util.Collections.unmodifiableMap(out);
    }

    /** One line for the log: id, neighbours with cost, the gateway. */
    public String summary() {
        StringBuilder out = new StringBuilder("mesh: id ").append(myId.map(RouterId::toString).orElse("unknown"));
        out.append(", ").append(neighbours.size()).append(neighbours.size() == 1 ? " neighbour" : " neighbours");
        for (Neighbour n : neighbours) {
            out.append(' ').append(n.address()).append('%').append(n.interfaceName()).append(" cost ").append(n.cost());
        }
        long inUse = routes.stream().filter(Route::inUse).count();
        out.append(", ").append(inUse).append(inUse == 1 ? " route in use" : " routes in use");
        out.append(", gateway ").append(gateway().map(g -> g.originator() + " via " + g.via() + "%" + g.interfaceName())
                .orElse(announcesDefault() ? "self" : "none"));
        return out.toString();
    }
}
