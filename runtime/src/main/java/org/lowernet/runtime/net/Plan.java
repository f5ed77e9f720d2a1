package org.lowernet.runtime.net;

import java.util.List;
import java.util.Set;

/**
 * What the planner found: the changes to make, in order; the desired interfaces the kernel does not have
 * (configured when they appear); and what it will not change (a route held by another protocol, a route's
 * interface missing), each said as a person reads it.
 */
public record Plan(List<Change> changes, Set<String> missing, List<String> leftAlone) {

    public Plan {
        changes = List.copyOf(changes);
        missing = Set.copyOf(missing);
        leftAlone = List.copyOf(leftAlone);
    }

    /** The kernel is as desired. */
    public boolean isEmpty() {
        return changes.isEmpty() && missing.isEmpty() && leftAlone.isEmpty();
    }
}
