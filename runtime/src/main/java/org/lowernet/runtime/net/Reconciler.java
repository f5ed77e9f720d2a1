package org.lowernet.runtime.net;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.lowernet.runtime.net.netlink.NetlinkException;
import org.lowernet.runtime.retry.Backoff;
import org.tinylog.Logger;

/**
 * Keeps the kernel's interfaces and routes at a {@link DesiredState}: each pass reads a fresh snapshot,
 * {@link Planner plans} and {@link Applier applies} only what differs (idempotent). After {@link #start()}
 * every read of the {@link NetworkState} whose plan is not empty triggers a pass (coalesced within
 * {@link #COALESCE}). A change that arrives while a pass applies is not lost: its read triggers the next
 * pass, which finds nothing to do if the change was the pass's own.
 */
public final class Reconciler implements AutoCloseable {

    /** Changes this close together cause one pass. */
    static final Duration COALESCE = Duration.ofMillis(5);
    /** Passes with failures are retried this often, with doubling delays from 50 ms. */
    static final int MAX_RETRIES = 5;

    private final NetworkState state;
    private final Applier applier;
    private final Map<String, InterfaceStatus> status = new ConcurrentHashMap<>();
    private final Backoff retryDelay = Backoff.exact(Duration.ofMillis(50), Duration.ofMillis(800));
    private final NetworkState.Listener listener = this::onChange;
    private volatile DesiredState desired;
    private volatile Consumer<ReconcileResult> passListener = r -> { };
    private CoalescingTrigger trigger;
    private int retries;
    /** The last pass's plan: what it left alone is said once, not on every pass. */
    private volatile Plan lastPlan = new Plan(List.of(), Set.of(), List.of());

    public Reconciler(NetworkState state, DesiredState desired) {
        this.state = state;
        this.applier = new Applier(state.kernel());
        this.desired = desired;
    }

    /** Listens to the network state, then runs the first pass and returns its result. */
    public synchronized ReconcileResult start() {
        trigger = new CoalescingTrigger("reconciler", COALESCE, this::reconcileFromTrigger);
        state.listen(listener);
        return reconcile();
    }

    /** Replaces the desired state (e.g. after a DHCP lease) and reconciles soon. */
    public synchronized void desire(DesiredState next) {
        desired = next;
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

    /** One pass: observe, plan, apply. */
    public synchronized ReconcileResult reconcile() {
        DesiredState want = desired;
        Plan plan = Planner.plan(want, state.refresh());
        List<Applier.Outcome> outcomes = applier.apply(plan);
        if (!plan.leftAlone().equals(lastPlan.leftAlone())) {
            plan.leftAlone().forEach(reason -> Logger.warn("reconcile: {}", reason));
        }
        lastPlan = plan;
        statuses(want, plan, outcomes).forEach((name, now) -> setStatus(name, now.state(), now.detail()));
        List<String> failures = outcomes.stream().flatMap(o -> o.error().stream()).toList();
        int made = (int) outcomes.stream().filter(o -> !o.failed()).count();
        ReconcileResult result = new ReconcileResult(made, failures, plan.leftAlone(), status);
        if (plan.isEmpty()) {
            Logger.debug("reconcile: kernel matches the desired state");
        }
        passListener.accept(result);
        return result;
    }

    /** Each desired interface after a pass: missing, failed (with every failed change of it) or applied. */
    static Map<String, InterfaceStatus> statuses(DesiredState want, Plan plan, List<Applier.Outcome> outcomes) {
        Map<String, InterfaceStatus> statuses = new LinkedHashMap<>();
        for (DesiredInterface d : want.interfaces()) {
            if (plan.missing().contains(d.name())) {
                statuses.put(d.name(), new InterfaceStatus(d.name(), InterfaceStatus.State.MISSING,
                        "no such interface; waiting for it to appear"));
                continue;
            }
            List<String> failed = outcomes.stream().filter(Applier.Outcome::failed)
                    .filter(o -> o.change().interfaceName().filter(d.name()::equals).isPresent())
                    .map(o -> o.error().orElseThrow()).toList();
            statuses.put(d.name(), failed.isEmpty()
                    ? new InterfaceStatus(d.name(), InterfaceStatus.State.APPLIED, "as desired")
                    : new InterfaceStatus(d.name(), InterfaceStatus.State.FAILED, String.join("; ", failed)));
        }
        return statuses;
    }

    private void reconcileFromTrigger() {
        ReconcileResult result;
        try {
            result = reconcile();
        } catch (NetlinkException e) {
            result = new ReconcileResult(0, List.of(e.getMessage()), List.of(), status);
            Logger.error("reconcile: observing the kernel failed: {}", e.getMessage());
        }
        if (result.failures().isEmpty()) {
            retries = 0;
            retryDelay.reset();
        } else if (retries < MAX_RETRIES) {
            Duration delay = retryDelay.next();
            retries++;
            Logger.warn("reconcile: {} failure(s); retry {} of {} in {} ms", result.failures().size(), retries,
                    MAX_RETRIES, delay.toMillis());
            trigger.fireAfter(delay);
        } else {
            Logger.error("reconcile: still failing after {} retries; waiting for the next change", MAX_RETRIES);
            retries = 0;
            retryDelay.reset();
        }
    }

    private void onChange(NetSnapshot before, NetSnapshot after) {
        if (worthAPass(Planner.plan(desired, after), lastPlan)) {
            trigger.fire();
        }
    }

    /**
     * Whether a snapshot calls for a pass: it plans changes, or its missing interfaces or what it leaves alone
     * differ from the last pass's (their statuses and log lines change). Asked of every read the kernel
     * announced, so a change that merely restores an older snapshot is not missed.
     */
    static boolean worthAPass(Plan now, Plan last) {
        return !now.changes().isEmpty() || !now.missing().equals(last.missing())
                || !now.leftAlone().equals(last.leftAlone());
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
        state.unlisten(listener);
        if (trigger != null) {
            trigger.close();
        }
    }
}
