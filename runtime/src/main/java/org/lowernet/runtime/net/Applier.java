package org.lowernet.runtime.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.net.netlink.Errno;
import org.lowernet.runtime.net.netlink.NetlinkException;
import org.tinylog.Logger;

/**
 * Makes a {@link Plan}'s changes in the kernel, in order; one failure does not stop the rest. Each change is
 * logged at info and its outcome returned.
 */
final class Applier {

    /** One change and, if it failed, why. */
    record Outcome(Change change, Optional<String> error) {
        boolean failed() {
            return error.isPresent();
        }
    }

    private final Rtnetlink kernel;

    Applier(Rtnetlink kernel) {
        this.kernel = kernel;
    }

    List<Outcome> apply(Plan plan) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Change change : plan.changes()) {
            try {
                make(change);
                Logger.info("reconcile: {}", change.describe());
                outcomes.add(new Outcome(change, Optional.empty()));
            } catch (NetlinkException e) {
                if (alreadyDone(change, e)) {
                    Logger.debug("reconcile: {}: already so", change.describe());
                    outcomes.add(new Outcome(change, Optional.empty()));
                    continue;
                }
                Logger.warn("reconcile: {} failed: {}", change.describe(), e.getMessage());
                outcomes.add(new Outcome(change, Optional.of(change.describe() + ": " + e.getMessage())));
            }
        }
        return outcomes;
    }

    private void make(Change change) {
        switch (change) {
            case Change.SetMtu c -> kernel.links().setMtu(c.index(), c.name(), c.to());
            case Change.SetUp c -> kernel.links().setUp(c.index(), c.name(), c.up());
            case Change.AddAddress c -> kernel.addresses().add(c.index(), c.cidr(), "adding " + c.cidr() + " to " + c.name());
            case Change.RemoveAddress c ->
                    kernel.addresses().delete(c.index(), c.cidr(), "deleting " + c.cidr() + " from " + c.name());
            // Add, never replace: a replace could take the place of another protocol's route.
            case Change.AddRoute c -> kernel.routes().add(c.route());
            case Change.RemoveRoute c -> kernel.routes().delete(c.route());
        }
    }

    /** A stale route the kernel dropped by itself (with its gateway's address) needs no removal. */
    private static boolean alreadyDone(Change change, NetlinkException e) {
        return change instanceof Change.RemoveRoute && e.errno().number() == Errno.ESRCH;
    }
}
