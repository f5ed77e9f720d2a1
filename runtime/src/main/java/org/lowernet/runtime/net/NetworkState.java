package org.lowernet.runtime.net;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinylog.Logger;

/**
 * The one owner of the kernel's network state in the runtime: the single rtnetlink subscription, and the
 * latest {@link NetSnapshot}. Any notification (and a lost burst of them, ENOBUFS) leads to a fresh dump
 * within {@link #COALESCE}, which listeners always hear of, in order; other reads ({@link #refresh()}) tell
 * them only of a change. A snapshot may be older than a change the runtime just made itself, so a listener
 * that changes the kernel compares a snapshot with what it wants, not with the snapshot before.
 */
public final class NetworkState implements AutoCloseable {

    /** Notifications this close together cause one dump. */
    static final Duration COALESCE = Duration.ofMillis(5);
    /** After a failed dump the state is read again this much later, so no change is lost. */
    static final Duration RETRY = Duration.ofSeconds(1);

    /** Told the state before and after a read; called under the state's lock, so it must not block. */
    public interface Listener {
        void changed(NetSnapshot before, NetSnapshot after);
    }

    private final Rtnetlink rtnetlink;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<Runnable> afterRead = new ConcurrentLinkedQueue<>();
    private final CoalescingTrigger trigger;
    private final EventSubscription subscription;
    private volatile NetSnapshot current = NetSnapshot.EMPTY;

    private NetworkState(Rtnetlink rtnetlink) throws Exception {
        this.rtnetlink = rtnetlink;
        this.trigger = new CoalescingTrigger("network-state", COALESCE, this::refreshFromEvent);
        // Subscribed before the first dump, so no change in between is missed.
        this.subscription = rtnetlink.subscribe(event -> trigger.fire());
        refresh(false);
    }

    /** Subscribes and reads the state once; the state uses {@code rtnetlink} but does not close it. */
    public static NetworkState open(Rtnetlink rtnetlink) throws Exception {
        return new NetworkState(rtnetlink);
    }

    /** The kernel, to change it (the reconciler's applier); reading goes through snapshots. */
    public Rtnetlink kernel() {
        return rtnetlink;
    }

    /** The latest snapshot, as of the last notification. */
    public NetSnapshot current() {
        return current;
    }

    /** Dumps the state now (fresh counters, too), tells listeners if it changed, and returns it. */
    public NetSnapshot refresh() {
        return refresh(false);
    }

    /** @param announced the kernel sent a notification: listeners hear of this read even if nothing differs */
    private synchronized NetSnapshot refresh(boolean announced) {
        NetSnapshot before = current;
        NetSnapshot after = NetSnapshot.read(rtnetlink);
        current = after;
        if (announced || !after.sameState(before)) {
            for (Listener listener : listeners) {
                try {
                    listener.changed(before, after);
                } catch (RuntimeException e) {
                    Logger.error(e, "network state: a listener failed");
                }
            }
        }
        return after;
    }

    /** Adds a listener; it hears of changes from now on (read {@link #current()} for the start). */
    public void listen(Listener listener) {
        listeners.add(listener);
    }

    public void unlisten(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * Runs {@code task} on the state's own thread after its next read from the kernel, which it asks for now: the
     * watchdog's heartbeat, never run by a thread that is stuck or a state that cannot read the kernel.
     */
    public void afterNextRead(Runnable task) {
        afterRead.add(task);
        trigger.fire();
    }

    private void refreshFromEvent() {
        try {
            refresh(true);
            for (Runnable task; (task = afterRead.poll()) != null; ) {
                task.run();
            }
        } catch (RuntimeException e) {
            Logger.error("network state: re-reading the kernel's state failed: {}; again in {} s", e.getMessage(),
                    RETRY.toSeconds());
            trigger.fireAfter(RETRY);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            subscription.close();
        } finally {
            trigger.close();
        }
    }
}
