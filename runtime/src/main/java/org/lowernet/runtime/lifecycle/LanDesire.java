package org.lowernet.runtime.lifecycle;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.DesiredInterface;
import org.lowernet.runtime.net.DesiredState;

/**
 * Between the desired state's makers (the plan, the WAN lease) and the reconciler: puts the LAN's current addresses
 * on the LAN interfaces of every desired state that passes, and passes the last one again when the LAN moves (an
 * automatic mesh prefix lost to another node). So a lease renewed after a move, whose base is the plan made at
 * start, never brings the old LAN address back, and a move never drops the lease.
 */
final class LanDesire {

    private final List<String> lans;
    private final Consumer<DesiredState> reconciler;
    private DesiredState last;
    private Set<Cidr> addresses;

    LanDesire(List<String> lans, DesiredState start, Set<Cidr> addresses, Consumer<DesiredState> reconciler) {
        this.lans = List.copyOf(lans);
        this.last = start;
        this.addresses = Set.copyOf(addresses);
        this.reconciler = reconciler;
    }

    synchronized void desire(DesiredState next) {
        last = next;
        reconciler.accept(withLan(next));
    }

    /** The LAN moved: its interfaces get {@code now} (the old addresses are removed by the reconciler). */
    synchronized void lanMoved(Set<Cidr> now) {
        addresses = Set.copyOf(now);
        reconciler.accept(withLan(last));
    }

    private DesiredState withLan(DesiredState state) {
        return new DesiredState(state.interfaces().stream().map(d -> lans.contains(d.name())
                ? new DesiredInterface(d.name(), d.up(), d.mtu(), addresses) : d).toList(), state.routes());
    }
}
