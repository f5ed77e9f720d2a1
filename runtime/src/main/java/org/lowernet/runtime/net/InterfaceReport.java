package org.lowernet.runtime.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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

    /** Every interface of {@code roles} (name to role, in the order to report), read in two netlink dumps. */
    public static List<InterfaceReport> read(Rtnetlink rtnetlink, Map<String, String> roles) {
        Map<String, Link> links = rtnetlink.links().list().stream().collect(Collectors.toMap(Link::name, l -> l));
        Map<Integer, List<Address>> addresses = rtnetlink.addresses().list().stream()
                .collect(Collectors.groupingBy(Address::interfaceIndex));
        List<InterfaceReport> reports = new ArrayList<>();
        roles.forEach((name, role) -> {
            Link link = links.get(name);
            if (link == null) {
                reports.add(new InterfaceReport(name, role, false, false, false, Optional.empty(), List.of(), 0, 0));
                return;
            }
            List<String> global = addresses.getOrDefault(link.index(), List.of()).stream()
                    .filter(a -> a.scope() == 0).map(a -> a.cidr().toString()).sorted().toList();
            reports.add(new InterfaceReport(name, role, true, link.isUp(), link.isLowerUp(), link.mac(), global,
                    link.stats().rxBytes(), link.stats().txBytes()));
        });
        return reports;
    }
}
