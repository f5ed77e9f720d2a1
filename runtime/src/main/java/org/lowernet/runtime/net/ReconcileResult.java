package org.lowernet.runtime.net;

import java.util.List;
import java.util.Map;

/** The outcome of one reconcile pass: changes made, failures, and each interface's status. */
public record ReconcileResult(int changes, List<String> failures, Map<String, InterfaceStatus> interfaces) {

    public ReconcileResult {
        failures = List.copyOf(failures);
        interfaces = Map.copyOf(interfaces);
    }
}
