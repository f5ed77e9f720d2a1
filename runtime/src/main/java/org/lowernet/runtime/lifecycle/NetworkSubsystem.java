package org.lowernet.runtime.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.lowernet.runtime.net.Address;
import org.lowernet.runtime.net.Link;
import org.lowernet.runtime.net.InterfaceStatus;
import org.lowernet.runtime.net.ReconcileResult;
import org.lowernet.runtime.net.Reconciler;
import org.lowernet.runtime.net.Rtnetlink;
import org.tinylog.Logger;

/** Keeps the interfaces at the plan through rtnetlink; essential, since a router without them is none. */
final class NetworkSubsystem implements Subsystem {

    private final InterfacePlan plan;
    private Rtnetlink rtnetlink;
    private Reconciler reconciler;
    private ReconcileResult first;

    NetworkSubsystem(InterfacePlan plan) {
        this.plan = plan;
    }

    @Override
    public String name() {
        return "network";
    }

    @Override
    public boolean essential() {
        return true;
    }

    @Override
    public void start() throws Exception {
        rtnetlink = Rtnetlink.open();
        reconciler = new Reconciler(rtnetlink, plan.desired());
        first = reconciler.start();
    }

    /**
     * One line per planned interface, as a person reading the console needs it:
     * "interface eth1: role lan, up, carrier, addresses 10.42.0.1/24".
     */
    List<String> report() {
        Map<String, InterfaceStatus> status = reconciler.status();
        Map<String, Link> links = rtnetlink.links().list().stream().collect(Collectors.toMap(Link::name, l -> l));
        Map<Integer, List<Address>> addresses = rtnetlink.addresses().list().stream()
                .collect(Collectors.groupingBy(Address::interfaceIndex));
        List<String> lines = new ArrayList<>();
        plan.roles().forEach((name, role) -> {
            StringBuilder line = new StringBuilder("interface " + name + ": role " + role.name().toLowerCase(Locale.ROOT));
            Link link = links.get(name);
            if (link == null) {
                line.append(", missing (waiting for it to appear)");
            } else {
                line.append(link.isUp() ? ", up" : ", down").append(link.isLowerUp() ? ", carrier" : ", no carrier");
                List<String> global = addresses.getOrDefault(link.index(), List.of()).stream()
                        .filter(a -> a.scope() == 0).map(a -> a.cidr().toString()).sorted().toList();
                line.append(global.isEmpty() ? ", no address" : ", addresses " + String.join(" ", global));
            }
            InterfaceStatus s = status.get(name);
            if (s != null && s.state() == InterfaceStatus.State.FAILED) {
                line.append(" (failed: ").append(s.detail()).append(')');
            }
            lines.add(line.toString());
        });
        return lines;
    }

    /** Replaces the desired state, e.g. when the WAN lease comes or goes. */
    void desire(org.lowernet.runtime.net.DesiredState state) {
        reconciler.desire(state);
    }

    ReconcileResult firstPass() {
        return first;
    }

    @Override
    public void stop() throws Exception {
        try {
            if (reconciler != null) {
                reconciler.close();
            }
        } finally {
            if (rtnetlink != null) {
                rtnetlink.close();
            }
        }
        Logger.info("network: stopped watching the interfaces (they keep their settings)");
    }
}
