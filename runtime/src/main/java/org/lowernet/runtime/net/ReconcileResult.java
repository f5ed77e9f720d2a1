package org.lowernet.runtime.net;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one reconcile pass: changes made, failures (retried), what was left alone on purpose
 * (a route held by another protocol; not retried: a change of it triggers a pass), each interface's status.
 */
public record ReconcileResult(int changes, List<String> failures, List<String> leftAlone,
                              Map<String, InterfaceStatus> interfaces) {

    public ReconcileResult {
        failures = List.copyOf(failures);
        leftAlone = List.copyOf(leftAlone);
        interfaces = Map.copyOf(interfaces);
    }
}
