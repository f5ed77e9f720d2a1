package org.lowernet.runtime.net;

import org.lowernet.runtime.ip.Cidr;

/**
 * One change the planner wants made to the kernel: data only; the {@link Applier} makes it. Interface
 * changes name the link by index and name as the snapshot had them.
 */
public sealed interface Change {

    /** What the change does, as the log says it. */
    String describe();

    /** The desired interface the change belongs to; empty for routes. */
    default java.util.Optional<String> interfaceName() {
        return java.util.Optional.empty();
    }

    /** A change to one interface. */
    sealed interface OfInterface extends Change {
        int index();

        String name();

        @Override
        default java.util.Optional<String> interfaceName() {
            return java.util.Optional.of(name());
        }
    }

    record SetMtu(int index, String name, int from, int to) implements OfInterface {
        @Override
        public String describe() {
            return "interface " + name + ": MTU " + from + " -> " + to;
        }
    }

    record SetUp(int index, String name, boolean up) implements OfInterface {
        @Override
        public String describe() {
            return "interface " + name + ": " + (up ? "down -> up" : "up -> down");
        }
    }

    record AddAddress(int index, String name, Cidr cidr) implements OfInterface {
        @Override
        public String describe() {
            return "interface " + name + ": adding " + cidr;
        }
    }

    record RemoveAddress(int index, String name, Cidr cidr) implements OfInterface {
        @Override
        public String describe() {
            return "interface " + name + ": removing " + cidr + " (not desired)";
        }
    }

    /** Installs a route of lowernet's protocol; fails rather than replace a route of another. */
    record AddRoute(DesiredRoute desired, Route route) implements Change {
        @Override
        public String describe() {
            return "route " + desired + ": installing";
        }
    }

    /** Removes a route lowernet installed that is no longer desired (or that a desired one supersedes). */
    record RemoveRoute(Route route, String why) implements Change {
        @Override
        public String describe() {
            return "route " + Routes.describe(route) + ": removing (" + why + ")";
        }
    }
}
