package org.lowernet.runtime.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.ip.Cidr;

/**
 * The local network the router serves.
 *
 * @param address   the router's address on the LAN and the LAN subnet, from lan.address
 * @param dhcpRange the addresses DHCP hands out: inside the subnet, not the router's own
 * @param dhcpLease how long a DHCP lease lasts
 * @param domain    the local DNS domain: devices on the LAN are NAME.domain
 */
public record LanConfig(Cidr address, Ipv4Range dhcpRange, Duration dhcpLease, String domain) {

    /** Offsets of the default DHCP pool in subnets of 256 addresses or more: .100 to .199 in a /24. */
    private static final int POOL_FIRST = 100;
    private static final int POOL_LAST = 199;

    public static final Key<Cidr> ADDRESS = Key.of("lan.address", ValueTypes.hostCidr(8, 29), "10.42.0.1/24",
            "The router's address on the LAN, with the LAN's prefix length.", "192.168.7.1/24");
    public static final Key<Ipv4Range> DHCP_RANGE = Key.optional("lan.dhcp.range", ValueTypes.ipv4Range(),
            "addresses 100 to 199 of the LAN subnet (upper half if smaller), without the router's",
            "The addresses DHCP gives out; inside the LAN subnet, not including lan.address.",
            "10.42.0.50-10.42.0.150");
    public static final Key<Duration> DHCP_LEASE = Key.of("lan.dhcp.lease",
            ValueTypes.duration(Duration.ofMinutes(2), Duration.ofDays(30)), "12h",
            "How long a device keeps its DHCP address before it must renew.", "1d");
    public static final Key<String> DOMAIN = Key.of("lan.domain", ValueTypes.hostname(63), "lan",
            "The local DNS domain: LAN devices are reachable as NAME.<domain>, answered by the router only.",
            "home.arpa");
    static final List<Key<?>> KEYS = List.of(ADDRESS, DHCP_RANGE, DHCP_LEASE, DOMAIN);

    public LanConfig {
        if (!insideHosts(dhcpRange, address) || dhcpRange.contains(Ipv4.of(address.address()))) {
            throw new IllegalArgumentException("DHCP range " + dhcpRange + " does not fit LAN " + address);
        }
    }

    public static LanConfig defaults() {
        Cidr address = ADDRESS.defaultValue().orElseThrow();
        return new LanConfig(address, defaultRange(address), DHCP_LEASE.defaultValue().orElseThrow(),
                DOMAIN.defaultValue().orElseThrow());
    }

    /**
     * Offsets 100 to 199 of the subnet, or its upper half when it is smaller than 256 addresses,
     * cut at the router's own address keeping the larger part. Needs a /29 or larger (lan.address's range).
     */
    public static Ipv4Range defaultRange(Cidr lan) {
        Ipv4 network = Ipv4.of(lan.network());
        long size = 1L << (32 - lan.prefixLength());
        Ipv4 first = size >= 256 ? network.plus(POOL_FIRST) : network.plus(size / 2);
        Ipv4 last = size >= 256 ? network.plus(POOL_LAST) : Ipv4.of(lan.last()).plus(-1);
        Ipv4 own = Ipv4.of(lan.address());
        if (own.compareTo(first) < 0 || own.compareTo(last) > 0) {
            return new Ipv4Range(first, last);
        }
        long below = own.unsigned() - first.unsigned();
        long above = last.unsigned() - own.unsigned();
        return above >= below ? new Ipv4Range(own.plus(1), last) : new Ipv4Range(first, own.plus(-1));
    }

    static void check(Settings settings) {
        Optional<Setting<Ipv4Range>> range = settings.get(DHCP_RANGE);
        if (range.isEmpty() || settings.failed(ADDRESS)) {
            return;
        }
        if (settings.get(ADDRESS).isEmpty() && InterfaceRoles.from(settings).containsValue(InterfaceRole.MESH)) {
            settings.error(range.get(), "lan.dhcp.range only together with lan.address on a node with a mesh"
                    + " interface", "no lan.address, so the node picks its prefix in mesh.pool and gives out its"
                    + " default range; add lan.address or comment this line out");
            return;
        }
        Cidr lan = settings.valueOrDefault(ADDRESS);
        String where = settings.get(ADDRESS).map(s -> "lan.address on line " + s.line())
                .orElse("the default lan.address");
        if (!insideHosts(range.get().value(), lan)) {
            settings.error(range.get(), "a range inside the LAN subnet " + lan.subnet() + " (" + where + "), from "
                    + Ipv4.of(lan.network()).plus(1) + " to " + Ipv4.of(lan.last()).plus(-1), "addresses outside it");
        } else if (range.get().value().contains(Ipv4.of(lan.address()))) {
            settings.error(range.get(), "a range without the router's own address " + Cidr.text(lan.address()) + " ("
                    + where
                    + ")", "a range that contains it");
        }
    }

    static LanConfig from(Settings settings) {
        Cidr address = settings.valueOrDefault(ADDRESS);
        return new LanConfig(address, settings.get(DHCP_RANGE).map(Setting::value).orElse(defaultRange(address)),
                settings.valueOrDefault(DHCP_LEASE), settings.valueOrDefault(DOMAIN));
    }

    private static boolean insideHosts(Ipv4Range range, Cidr lan) {
        return range.start().compareTo(Ipv4.of(lan.network())) > 0 && range.end().compareTo(Ipv4.of(lan.last())) < 0;
    }
}
