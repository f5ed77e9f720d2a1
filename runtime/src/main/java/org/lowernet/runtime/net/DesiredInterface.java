package org.lowernet.runtime.net;

import java.util.Optional;
import java.util.Set;
import org.lowernet.runtime.config.InterfaceName;
import org.lowernet.runtime.ip.Cidr;

/** How an interface should be: administratively up or down, its MTU (empty: leave it), its addresses. */
public record DesiredInterface(String name, boolean up, Optional<Integer> mtu, Set<Cidr> addresses) {

    public DesiredInterface {
        InterfaceName.require(name);
        mtu.filter(m -> m < 68 || m > 65535).ifPresent(m -> {
            throw new IllegalArgumentException("MTU " + m + " of " + name + " is outside 68..65535");
        });
        addresses = Set.copyOf(addresses);
    }
}
