package org.lowernet.runtime.prefix;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.lowernet.runtime.config.InterfaceRole;
import org.lowernet.runtime.config.LanConfig;
import org.lowernet.runtime.config.LowernetConfig;
import org.lowernet.runtime.config.MeshConfig;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.ip.Cidr;
import org.tinylog.Logger;

/**
 * The node's LAN on a mesh: with an automatic prefix (a mesh interface, no lan.address in the file) it picks the
 * prefix at start (the one kept on /data, else its first candidate), keeps the choice on /data, and on every
 * {@link #onAnnouncements babel update} applies {@link PrefixRule}: when the prefix is lost, the LAN moves and the
 * {@link Listener} hears it. With a fixed lan.address it only checks: a conflict is logged and reported as an event
 * each time the set of conflicting routers changes.
 */
public final class PrefixKeeper {

    /** The system property that replaces the node id as the candidates' seed: tests force two nodes to collide. */
    public static final String TEST_SEED = "lowernet.test.mesh.seed";

    /** Hears the LAN move (never for a fixed lan.address); called on the thread that gave the announcements. */
    @FunctionalInterface
    public interface Listener {
        void moved(MeshLan before, MeshLan after);
    }

    private final String nodeId;
    private final Optional<Candidates> candidates;
    private final Cidr pool;
    private final Cidr ula;
    private final PrefixStore store;
    private final EventSink events;
    private MeshLan current;
    private SortedMap<String, List<Cidr>> conflicts = new TreeMap<>();
    private Optional<String> exhausted = Optional.empty();
    private volatile Listener listener = (before, after) -> { };

    private PrefixKeeper(String nodeId, Optional<Candidates> candidates, Cidr pool, Cidr ula, PrefixStore store,
                         MeshLan current, EventSink events) {
        this.nodeId = nodeId;
        this.candidates = candidates;
        this.pool = pool;
        this.ula = ula;
        this.store = store;
        this.current = current;
        this.events = events;
    }

    /**
     * The keeper for this config, or empty when no interface has role mesh (the LAN is lowernet.conf's, as
     * without a mesh). Reads /data and the test-only seed, and decides the starting prefix.
     *
     * @param roles  the roles of the node's interfaces (the board's when the file names none)
     * @param nodeId the node's babel router id, which also breaks ties between colliding prefixes
     */
    public static Optional<PrefixKeeper> of(Path root, LowernetConfig config, Collection<InterfaceRole> roles,
                                            String nodeId, EventSink events) {
        if (!roles.contains(InterfaceRole.MESH)) {
            return Optional.empty();
        }
        MeshConfig mesh = config.mesh();
        Cidr ula = mesh.ula(config.node().site());
        if (mesh.lanFixed()) {
            Logger.info("mesh prefix: lan.address {} is set, so it is kept (and checked against the mesh)",
                    config.lan().address());
            return Optional.of(new PrefixKeeper(nodeId, Optional.empty(), mesh.pool(), ula, PrefixStore.below(root),
                    MeshLan.fixed(config.lan()), events));
        }
        String seed = Optional.ofNullable(System.getProperty(TEST_SEED)).map(s -> {
            Logger.warn("mesh prefix: TEST-ONLY seed {} instead of the node id ({}={})", s, TEST_SEED, s);
            return s;
        }).orElse(nodeId);
        Candidates candidates = new Candidates(mesh.pool(), mesh.prefixLength(), seed);
        PrefixStore store = PrefixStore.below(root);
        return Optional.of(choose(nodeId, candidates, store, config, ula, events));
    }

    /** The automatic keeper, its starting prefix decided: the kept one when it is still a candidate. */
    private static PrefixKeeper choose(String nodeId, Candidates candidates, PrefixStore store, LowernetConfig config,
                                       Cidr ula, EventSink events) {
        Optional<Cidr> kept = store.read();
        kept.filter(k -> candidates.indexOf(k).isEmpty()).ifPresent(k -> Logger.warn(
                "mesh prefix: the kept {} is not a /{} of mesh.pool {} (the config changed); choosing anew", k.subnet(),
                candidates.prefixLength(), candidates.pool().subnet()));
        PrefixRule.Decision start;
        try {
            start = PrefixRule.decide(candidates, nodeId, kept, Map.of());
        } catch (PrefixRule.PoolExhausted e) {
            throw new AssertionError("nothing is announced yet, so every candidate is free", e);
        }
        PrefixKeeper keeper = new PrefixKeeper(nodeId, Optional.of(candidates), candidates.pool(), ula, store,
                lanOf(start.prefix(), candidates, config.lan(), ula), events);
        Logger.info("mesh prefix: {} {} (router id {}): LAN {}", start.prefix().subnet(),
                start.outcome() == PrefixRule.Outcome.KEPT ? "kept from " + store.file()
                        : "chosen from mesh.pool " + candidates.pool().subnet(), nodeId, keeper.current.describe());
        if (!kept.equals(Optional.of(start.prefix()))) {
            keeper.save(start.prefix());
        }
        return keeper;
    }

    private static MeshLan lanOf(Cidr prefix, Candidates candidates, LanConfig configured, Cidr ula) {
        return MeshLan.automatic(prefix, candidates.slotOf(prefix).orElseThrow(), configured, ula);
    }

    public synchronized MeshLan current() {
        return current;
    }

    public void listen(Listener next) {
        listener = next;
    }

    /**
     * What the other routers announce now (router id to prefixes, from babel's routes; this node's own entry is
     * ignored): the whole picture each time, not a difference. Never throws.
     */
    public void onAnnouncements(Map<String, List<Cidr>> announced) {
        MeshLan before;
        MeshLan after;
        synchronized (this) {
            before = current;
            checkConflicts(announced);
            if (candidates.isEmpty()) {
                return;
            }
            PrefixRule.Decision decision;
            try {
                decision = PrefixRule.decide(candidates.get(), nodeId, Optional.of(current.prefix()), announced);
            } catch (PrefixRule.PoolExhausted e) {
                if (!exhausted.equals(Optional.of(e.getMessage()))) {
                    Logger.error("mesh prefix: {}; keeping {} although it collides", e.getMessage(),
                            current.prefix().subnet());
                    events.emit(Event.now(EventType.PREFIX_CONFLICT, "prefix", current.prefix().subnet(), "routers",
                            String.join(" ", conflicts.keySet()), "detail", e.getMessage()));
                }
                exhausted = Optional.of(e.getMessage());
                return;
            }
            exhausted = Optional.empty();
            if (decision.outcome() != PrefixRule.Outcome.MOVED) {
                return;
            }
            after = lanOf(decision.prefix(), candidates.get(), current.lan(), ula);
            current = after;
            String winner = decision.winner().orElseThrow();
            Logger.warn("mesh prefix: {} is also claimed by router {} (a higher id, so it keeps it); this LAN moves"
                    + " to {}: {}", before.prefix().subnet(), winner, decision.prefix().subnet(), after.describe());
            events.emit(Event.now(EventType.PREFIX_CHANGED, "prefix", decision.prefix().subnet(), "previous",
                    before.prefix().subnet(), "winner", winner));
            save(decision.prefix());
            conflicts = new TreeMap<>();
        }
        try {
            listener.moved(before, after);
        } catch (RuntimeException e) {
            // The caller is babel's monitor thread: a failure here must not end its reading of the mesh.
            Logger.error(e, "mesh prefix: moving the LAN services to {} failed", after.describe());
        }
    }

    /** Says a new set of routers whose claims overlap this LAN: an error for a fixed LAN, which cannot move. */
    private void checkConflicts(Map<String, List<Cidr>> announced) {
        SortedMap<String, List<Cidr>> now = PrefixRule.conflicts(nodeId, current.lan().address(), pool, announced);
        if (now.equals(conflicts)) {
            return;
        }
        conflicts = now;
        String prefix = current.prefix().subnet();
        if (now.isEmpty()) {
            Logger.info("mesh prefix: no other router announces a prefix overlapping {} any more", prefix);
            return;
        }
        String who = now.entrySet().stream().map(e -> e.getKey() + " announces " + e.getValue().stream()
                .map(Cidr::subnet).collect(Collectors.joining(" "))).collect(Collectors.joining("; "));
        if (candidates.isPresent()) {
            Logger.info("mesh prefix: {} collides ({}); the rule decides who keeps it", prefix, who);
            return;
        }
        Logger.error("mesh prefix: lan.address {} collides with the mesh: {}; it is kept as configured, so change"
                + " lan.address (or remove it to let the node choose)", current.lan().address(), who);
        events.emit(Event.now(EventType.PREFIX_CONFLICT, "prefix", prefix, "routers", String.join(" ", now.keySet()),
                "detail", who));
    }

    private void save(Cidr prefix) {
        try {
            store.write(prefix);
        } catch (IOException e) {
            Logger.warn("mesh prefix: cannot keep {} in {} ({}); a restart may choose another", prefix.subnet(),
                    store.file(), e.getMessage());
        }
    }
}
