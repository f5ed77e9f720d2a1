package org.lowernet.runtime.names;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.lowernet.runtime.config.Ipv4;
import org.lowernet.runtime.ip.Cidr;
import org.tinylog.Logger;

/**
 * Which routers the mesh has and what they are called. Babel says which router (by router id) announces which
 * prefixes; a router's LAN address is the first host of the IPv4 LAN prefix it announces (lowernet gives its
 * LAN that address, and explicit lan.address values follow the same habit); that address is asked for the
 * router's nodeinfo (respondd), which names it and lists its addresses. A name two routers claim goes to the
 * lower router id; the other is left out and logged. Names are asked again every {@link #REFRESH}, a router that
 * did not answer after {@link #RETRY} (it may still be starting), and at once when a router's address changes.
 */
public final class MeshDirectory {

    /** How long a router's answer stands before it is asked again (a router may be renamed). */
    static final Duration REFRESH = Duration.ofMinutes(10);
    /** How soon a router that did not say its name is asked again. */
    public static final Duration RETRY = Duration.ofSeconds(15);

    /** Asks one router who it is. */
    @FunctionalInterface
    public interface NameLookup {
        /** The router's name and addresses, or empty when it does not answer in time. */
        Optional<MeshNode> ask(InetAddress router) throws IOException;
    }

    private record Known(InetAddress address, Optional<MeshNode> node, Instant asked) {
    }

    private final NameLookup lookup;
    private final Consumer<List<MeshNode>> onChange;
    private final Clock clock;
    private final Map<String, Known> known = new HashMap<>();
    private List<MeshNode> published = List.of();

    public MeshDirectory(NameLookup lookup, Consumer<List<MeshNode>> onChange, Clock clock) {
        this.lookup = lookup;
        this.onChange = onChange;
        this.clock = clock;
    }

    /**
     * The prefixes each other router announces now (router id to prefixes; this router's own are not in it).
     * Asks the routers that are new, moved or due; may block for the lookups, so call it off the network
     * state's thread.
     */
    public synchronized void update(Map<String, List<Cidr>> announced) {
        Map<String, InetAddress> addresses = new TreeMap<>();
        announced.forEach((id, prefixes) -> routerAddress(prefixes).ifPresent(a -> addresses.put(id, a)));
        known.keySet().retainAll(addresses.keySet());
        Instant now = clock.instant();
        addresses.forEach((id, address) -> {
            Known before = known.get(id);
            if (before == null || !before.address().equals(address)
                    || before.asked().plus(before.node().isPresent() ? REFRESH : RETRY).isBefore(now)) {
                known.put(id, new Known(address, ask(id, address), now));
            }
        });
        List<MeshNode> nodes = named();
        if (!nodes.equals(published)) {
            published = nodes;
            onChange.accept(nodes);
        }
    }

    /** The first host of the router's IPv4 LAN prefix: the shortest announced prefix but a default route. */
    public static Optional<InetAddress> routerAddress(List<Cidr> prefixes) {
        return prefixes.stream()
                .filter(p -> p.address().getAddress().length == 4 && p.prefixLength() >= 8 && p.prefixLength() <= 30)
                .min(Comparator.comparingInt(Cidr::prefixLength).thenComparing(Cidr::subnet))
                .map(p -> Ipv4.of(p.network()).plus(1).toInetAddress());
    }

    private Optional<MeshNode> ask(String id, InetAddress address) {
        try {
            Optional<MeshNode> node = lookup.ask(address);
            if (node.isEmpty()) {
                Logger.info("mesh names: router {} at {} did not say its name", id, Cidr.text(address));
            }
            return node;
        } catch (IOException | IllegalArgumentException e) {
            Logger.warn("mesh names: router {} at {}: {}", id, Cidr.text(address), e.getMessage());
            return Optional.empty();
        }
    }

    /** Every named router once, by name; a name claimed twice goes to the lower router id. */
    private List<MeshNode> named() {
        Map<String, String> owner = new TreeMap<>();
        Map<String, MeshNode> byName = new TreeMap<>();
        new TreeMap<>(known).forEach((id, k) -> k.node().ifPresent(node -> {
            if (owner.putIfAbsent(node.name(), id) == null) {
                byName.put(node.name(), node);
            } else {
                Logger.warn("mesh names: routers {} and {} are both called {}; {} keeps the name",
                        owner.get(node.name()), id, node.name(), owner.get(node.name()));
            }
        }));
        return new ArrayList<>(byName.values());
    }
}
