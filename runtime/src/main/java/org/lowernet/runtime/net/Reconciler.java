package org.lowernet.runtime.net;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.lowernet.runtime.net.netlink.LinuxIfAddr;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;
import org.lowernet.runtime.net.netlink.NetlinkException;
import org.tinylog.Logger;

/**
 * Keeps the kernel's interfaces and routes at a {@link DesiredState}: {@link #reconcile()} observes, compares
 * and changes only what differs (idempotent); after {@link #start()} netlink events that touch the desired
 * interfaces or routes trigger a pass (coalesced within {@link #COALESCE}), not polling.
 *
 * <p>Only what is desired is enforced: extra addresses are removed only if permanent and global (never the
 * kernel's link-local or SLAAC ones); routes it does not know are left alone.
 */
public final class Reconciler implements AutoCloseable {

    /** Events this close together cause one pass. */
    static final Duration COALESCE = Duration.ofMillis(5);
    /** Passes with failures are retried this often, with doubling delays from {@link #RETRY_DELAY}. */
    static final int MAX_RETRIES = 5;
    static final Duration RETRY_DELAY = Duration.ofMillis(50);

    private final Rtnetlink rtnetlink;
    private final Map<String, InterfaceStatus> status = new ConcurrentHashMap<>();
    private volatile DesiredState desired;
    private volatile Set<Integer> watchedIndexes = Set.of();
    private volatile boolean applying;
    private volatile Consumer<ReconcileResult> passListener = r -> { };
    private EventSubscription events;
    private CoalescingTrigger trigger;
    private int retries;

    public Reconciler(Rtnetlink rtnetlink, DesiredState desired) {
        this.rtnetlink = rtnetlink;
        this.desired = desired;
    }

    /** Subscribes to events, then runs the first pass and returns its result. */
    public synchronized ReconcileResult start() throws Exception {
        trigger = new CoalescingTrigger("reconciler", COALESCE, this::reconcileFromTrigger);
        events = rtnetlink.subscribe(this::onEvent);
        return reconcile();
    }

    /** Replaces the desired state (e.g. after a DHCP lease) and reconciles soon. */
    public synchronized void desire(DesiredState state) {
        desired = state;
        if (trigger != null) {
            trigger.fire();
        }
    }

    /** Called after every pass, on the thread that ran it (the benchmark measures latency with it). */
    public void onPass(Consumer<ReconcileResult> listener) {
        passListener = listener;
    }

    public Map<String, InterfaceStatus> status() {
        return Map.copyOf(status);
    }

    /** One pass: observe, compare, change what differs. */
    public synchronized ReconcileResult reconcile() {
        DesiredState want = desired;
        List<Link> links = rtnetlink.links().list();
        Map<String, Link> byName = links.stream().collect(Collectors.toMap(Link::name, l -> l));
        Map<Integer, List<Address>> addresses = rtnetlink.addresses().list().stream()
                .collect(Collectors.groupingBy(Address::interfaceIndex));
        List<Route> routes = rtnetlink.routes().list();
        watchedIndexes = want.interfaces().stream().map(d -> byName.get(d.name())).filter(l -> l != null)
                .map(Link::index).collect(Collectors.toUnmodifiableSet());

        Changes changes = new Changes(rtnetlink);
        applying = true;
        try {
            for (DesiredInterface d : want.interfaces()) {
                Link link = byName.get(d.name());
                if (link == null) {
                    setStatus(d.name(), InterfaceStatus.State.MISSING, "no such interface; waiting for it to appear");
                    continue;
                }
                List<String> failed = changes.applyInterface(d, link, addresses.getOrDefault(link.index(), List.of()));
                if (failed.isEmpty()) {
                    setStatus(d.name(), InterfaceStatus.State.APPLIED, "as desired");
                } else {
                    setStatus(d.name(), InterfaceStatus.State.FAILED, String.join("; ", failed));
                }
            }
            for (DesiredRoute r : want.routes()) {
                changes.applyRoute(r, byName, routes);
            }
        } finally {
            applying = false;
        }
        ReconcileResult result = new ReconcileResult(changes.count(), changes.failures(), status);
        if (result.changes() == 0 && result.failures().isEmpty()) {
            Logger.debug("reconcile: kernel matches the desired state");
        }
        passListener.accept(result);
        return result;
    }

    private void reconcileFromTrigger() {
        ReconcileResult result;
        try {
            result = reconcile();
        } catch (NetlinkException e) {
            result = new ReconcileResult(0, List.of(e.getMessage()), status);
            Logger.error("reconcile: observing the kernel failed: {}", e.getMessage());
        }
        if (result.failures().isEmpty()) {
            retries = 0;
        } else if (retries < MAX_RETRIES) {
            Duration delay = RETRY_DELAY.multipliedBy(1L << retries++);
            Logger.warn("reconcile: {} failure(s); retry {} of {} in {} ms", result.failures().size(), retries,
                    MAX_RETRIES, delay.toMillis());
            trigger.fireAfter(delay);
        } else {
            Logger.error("reconcile: still failing after {} retries; waiting for the next change", MAX_RETRIES);
            retries = 0;
        }
    }

    private void onEvent(NetEvent event) {
        if (applying) {
            return; // our own changes; the pass that makes them already knows
        }
        if (concerns(event)) {
            trigger.fire();
        }
    }

    private boolean concerns(NetEvent event) {
        Set<String> names = desired.interfaces().stream().map(DesiredInterface::name).collect(Collectors.toSet());
        return switch (event) {
            case NetEvent.LinkChanged e -> names.contains(e.link().name());
            case NetEvent.LinkRemoved e -> names.contains(e.link().name());
            case NetEvent.AddressAdded e -> watchedIndexes.contains(e.address().interfaceIndex());
            case NetEvent.AddressRemoved e -> watchedIndexes.contains(e.address().interfaceIndex());
            case NetEvent.RouteAdded e -> !desired.routes().isEmpty();
            case NetEvent.RouteRemoved e -> !desired.routes().isEmpty();
            case NetEvent.EventsLost e -> true;
        };
    }

    private void setStatus(String name, InterfaceStatus.State state, String detail) {
        InterfaceStatus previous = status.put(name, new InterfaceStatus(name, state, detail));
        if (previous == null || previous.state() != state) {
            if (state == InterfaceStatus.State.APPLIED) {
                Logger.info("interface {}: {}", name, detail);
            } else {
                Logger.warn("interface {}: {}: {}", name, state.name().toLowerCase(), detail);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (events != null) {
            events.close();
        }
        if (trigger != null) {
            trigger.close();
        }
    }

    static boolean isGlobalPermanent(Address a) {
        return a.scope() == LinuxRtnetlink.RT_SCOPE_UNIVERSE && (a.flags() & LinuxIfAddr.IFA_F_PERMANENT) != 0;
    }

    static Optional<Route> matching(DesiredRoute want, OptionalInt index, List<Route> routes) {
        return routes.stream()
                .filter(r -> r.destination().equals(want.destination()))
                .filter(r -> r.gateway().equals(want.gateway()))
                .filter(r -> index.isEmpty() || r.interfaceIndex().equals(index))
                .findFirst();
    }
}
