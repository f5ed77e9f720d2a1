package org.lowernet.runtime.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.ip.Cidr;

/**
 * The uplink's addressing.
 *
 * @param mode    dhcp or static
 * @param address the static address and subnet; present exactly when mode is static
 * @param gateway the static default gateway, inside {@code address}'s subnet; present exactly when static
 * @param dns     upstream DNS servers; empty in dhcp mode means "those DHCP gives", never empty when static
 * @param uplink  whether the WAN is the uplink of the LAN and the mesh; false: it carries only this router's tunnels
 */
public record WanConfig(WanMode mode, Optional<Cidr> address, Optional<Ipv4> gateway, List<InetAddress> dns,
                        boolean uplink) {

    public static final Key<WanMode> MODE = Key.of("wan.mode", ValueTypes.oneOf(WanMode.class), "dhcp",
            "How the WAN interface gets its address: from the uplink's DHCP server, or the wan.* keys below.",
            "static");
    public static final Key<Cidr> ADDRESS = Key.optional("wan.address", ValueTypes.hostCidr(8, 30),
            "none (required when wan.mode = static)", "The router's static WAN address with its prefix length.",
            "192.0.2.10/24");
    public static final Key<Ipv4> GATEWAY = Key.optional("wan.gateway", ValueTypes.ipv4(),
            "none (required when wan.mode = static)", "The static default gateway, inside wan.address's subnet.",
            "192.0.2.1");
    public static final Key<List<InetAddress>> DNS = Key.optional("wan.dns",
            ValueTypes.listOf(ValueTypes.ipAddress(), "IPv4 or IPv6 addresses",
                    ValueTypes.Separator.COMMA, 1, 3),
            "from DHCP (required when wan.mode = static)",
            "Upstream DNS servers; in dhcp mode they replace the ones DHCP offers.", "192.0.2.53, 2001:db8::53");
    public static final Key<Boolean> UPLINK = Key.of("wan.uplink", ValueTypes.yesNo(), "yes",
            "yes: the WAN is the uplink of the LAN and the mesh; no: it carries only this router's tunnels"
                    + " (no default route shared, none announced).", "no");
    static final List<Key<?>> KEYS = List.of(MODE, ADDRESS, GATEWAY, DNS, UPLINK);

    public WanConfig {
        dns = List.copyOf(dns);
        boolean isStatic = mode == WanMode.STATIC;
        if (address.isPresent() != isStatic || gateway.isPresent() != isStatic || isStatic && dns.isEmpty()) {
            throw new IllegalArgumentException("wan " + mode + " with address " + address + ", gateway " + gateway
                    + ", dns " + dns + ": static needs all three, dhcp none but dns");
        }
    }

    public static WanConfig defaults() {
        return new WanConfig(WanMode.DHCP, Optional.empty(), Optional.empty(), List.of(),
                UPLINK.defaultValue().orElseThrow());
    }

    static void check(Settings settings, boolean lanValid, Cidr lan) {
        if (settings.failed(MODE)) {
            return;
        }
        Optional<Setting<WanMode>> modeLine = settings.get(MODE);
        if (settings.valueOrDefault(MODE) == WanMode.DHCP) {
            String mode = modeLine.map(s -> "wan.mode = dhcp on line " + s.line()).orElse("wan.mode = dhcp (the default)");
            for (Key<?> key : List.of(ADDRESS, GATEWAY)) {
                settings.get(key).ifPresent(s -> settings.error(s, "this key only with wan.mode = static",
                        mode + "; set wan.mode = static or comment this line out"));
            }
            return;
        }
        Setting<WanMode> isStatic = modeLine.orElseThrow();
        for (Key<?> key : List.of(ADDRESS, GATEWAY, DNS)) {
            if (settings.get(key).isEmpty() && !settings.failed(key)) {
                settings.error(isStatic, key.pattern() + " as well, when wan.mode = static",
                        "no " + key.pattern() + "; add it, e.g. " + key.pattern() + " = " + key.example());
            }
        }
        Optional<Setting<Cidr>> address = settings.get(ADDRESS);
        Optional<Setting<Ipv4>> gateway = settings.get(GATEWAY);
        if (address.isPresent() && gateway.isPresent()) {
            Cidr wan = address.get().value();
            InetAddress via = gateway.get().value().toInetAddress();
            if (!wan.contains(via) || via.equals(wan.network()) || via.equals(wan.last())) {
                settings.error(gateway.get(), "a gateway inside the WAN subnet " + wan.subnet() + " (wan.address on"
                        + " line " + address.get().line() + ")", "an address outside it");
            } else if (via.equals(wan.address())) {
                settings.error(gateway.get(), "another host than the router itself", "wan.address's own address");
            }
        }
        if (address.isPresent() && lanValid && address.get().value().overlaps(lan)) {
            settings.error(address.get(), "a WAN subnet apart from the LAN subnet " + lan.subnet(),
                    "subnet " + address.get().value().subnet() + ", which overlaps it; change lan.address or wan.address");
        }
    }

    static WanConfig from(Settings settings) {
        return new WanConfig(settings.valueOrDefault(MODE), settings.get(ADDRESS).map(Setting::value),
                settings.get(GATEWAY).map(Setting::value), settings.get(DNS).map(Setting::value).orElse(List.of()),
                settings.valueOrDefault(UPLINK));
    }
}
