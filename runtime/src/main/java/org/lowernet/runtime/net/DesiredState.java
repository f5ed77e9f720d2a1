package org.lowernet.runtime.net;

import java.util.List;

/** Everything the reconciler keeps in place: interfaces first, then routes (which may need their addresses). */
public record DesiredState(List<DesiredInterface> interfaces, List<DesiredRoute> routes) {

    public DesiredState {
        interfaces = List.copyOf(interfaces);
        routes = List.copyOf(routes);
    }
}
