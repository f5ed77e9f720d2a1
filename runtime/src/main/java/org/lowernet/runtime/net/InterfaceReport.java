package org.lowernet.runtime.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One planned interface as the kernel has it now.
 *
 * @param role      wan, lan, mesh or off
 * @param present   whether the kernel has the interface at all
 * @param up        administratively up ({@code ip link set up})
 * @param addresses global addresses with their prefix length, sorted
 */
public record InterfaceReport(String name, String role, boolean present, boolean up, boolean carrier,
                              Optional<String> mac, List<String> addresses, long rxBytes, long txBytes) {

    public InterfaceReport {
        addresses = List.copyOf(addresses);
    }

    /** Every interface of {@code roles} (name to role, in the order to report) as {@code state} has it. */
    public static List<InterfaceReport> of(NetSnapshot state, Map<String, String> roles) {
        List<InterfaceReport> reports = new ArrayList<>();
        roles.forEach((name, role) -> reports.add(state.link(name)
                .map(link -> new InterfaceReport(name, role, true, link.isUp(), link.isLowerUp(), link.mac(),
                        state.addressesOf(link.index()).stream().filter(a -> a.scope() == 0)
                                .map(a -> a.cidr().toString()).sorted().toList(),
                        link.stats().rxBytes(), link.stats().txBytes()))
                .orElseGet(() -> new InterfaceReport(name, role, false, false, false, Optional.empty(), List.of(), 0, 0))));
        return reports;
    }
}
