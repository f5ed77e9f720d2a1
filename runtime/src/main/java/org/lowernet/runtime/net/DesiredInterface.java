package org.lowernet.runtime.net;

import java.util.Optional;
import java.util.Set;
import org.lowernet.runtime.ip.Cidr;

/** How an interface should be: administratively up or down, its MTU (empty: leave it), its addresses. */
public record DesiredInterface(String name, boolean up, Optional<Integer> mtu, Set<Cidr> addresses) {

    /** {@code IFNAMSIZ} (linux/if.h) is 16 including the NUL. */
    static final int MAX_NAME = 15;

    public DesiredInterface {
        if (name.isEmpty() || name.length() > MAX_NAME || !name.matches("[^/\\s:]+")) {
            throw new IllegalArgumentException("interface name '" + name + "' must be 1.." + MAX_NAME
                    + " characters without '/', ':' or spaces");
        }
        mtu.filter(m -> m < 68 || m > 65535).ifPresent(m -> {
            throw new IllegalArgumentException("MTU " + m + " of " + name + " is outside 68..65535");
        });
        addresses = Set.copyOf(addresses);
    }
}
