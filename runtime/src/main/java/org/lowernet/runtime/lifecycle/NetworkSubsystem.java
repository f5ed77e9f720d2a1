package org.lowernet.runtime.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lowernet.runtime.net.DesiredState;
import org.lowernet.runtime.net.InterfaceReport;
import org.lowernet.runtime.net.InterfaceStatus;
import org.lowernet.runtime.net.NetworkState;
import org.lowernet.runtime.net.Reconciler;
import org.lowernet.runtime.subsystem.Subsystem;
import org.tinylog.Logger;

/** Keeps the interfaces at the plan through the reconciler; essential, since a router without them is none. */
final class NetworkSubsystem implements Subsystem {

    private final InterfacePlan plan;
    private final NetworkState state;
    private Reconciler reconciler;

    NetworkSubsystem(InterfacePlan plan, NetworkState state) {
        this.plan = plan;
        this.state = state;
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
    public void start() {
        reconciler = new Reconciler(state, plan.desired());
        reconciler.start();
    }

    /**
     * One line per planned interface, as a person reading the console needs it:
     * "interface eth1: role lan, up, carrier, addresses 10.42.0.1/24".
     */
    List<String> report() {
        Map<String, InterfaceStatus> status = reconciler.status();
        List<String> lines = new ArrayList<>();
        for (InterfaceReport i : InterfaceReport.of(state.refresh(), plan.roleWords())) {
            StringBuilder line = new StringBuilder("interface " + i.name() + ": role " + i.role());
            if (!i.present()) {
                line.append(", missing (waiting for it to appear)");
            } else {
                line.append(i.up() ? ", up" : ", down").append(i.carrier() ? ", carrier" : ", no carrier")
                        .append(i.addresses().isEmpty() ? ", no address" : ", addresses " + String.join(" ", i.addresses()));
            }
            InterfaceStatus s = status.get(i.name());
            if (s != null && s.state() == InterfaceStatus.State.FAILED) {
                line.append(" (failed: ").append(s.detail()).append(')');
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** Replaces the desired state, e.g. when the WAN lease comes or goes. */
    void desire(DesiredState desired) {
        reconciler.desire(desired);
    }

    @Override
    public void stop() throws Exception {
        if (reconciler != null) {
            reconciler.close();
        }
        Logger.info("network: stopped keeping the interfaces (they keep their settings)");
    }
}
