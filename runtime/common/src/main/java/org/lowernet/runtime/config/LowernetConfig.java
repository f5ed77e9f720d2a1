package org.lowernet.runtime.config;

import java.net.InetAddress;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The whole of lowernet.conf, valid and with every default filled in. Built by {@link ConfigParser}.
 *
 * @param node       name and site
 * @param interfaces interface name to role, sorted by name; interfaces not named here follow the board profile
 * @param lan        the local network
 * @param wan        the uplink
 * @param leds       the status LEDs
 * @param ssh        remote login for the people who run the router
 * @param mqtt       health reports to the neighbourhood
 * @param reliability when a config counts as good
 * @param time       where the clock comes from
 * @param mesh       how this node joins the neighbourhood's mesh
 * @param tunnels    WireGuard tunnels to other nodes over the Internet, mesh links too; in name order
 * @param update     how an updated system is tried and committed
 */
public record LowernetConfig(NodeConfig node, SortedMap<String, InterfaceRole> interfaces, LanConfig lan,
                             WanConfig wan, LedsConfig leds, SshConfig ssh, MqttConfig mqtt,
                             ReliabilityConfig reliability, TimeConfig time, MeshConfig mesh,
                             List<TunnelConfig> tunnels, UpdateConfig update) {

    public LowernetConfig {
        interfaces = Collections.unmodifiableSortedMap(new TreeMap<>(interfaces));
        tunnels = tunnels.stream().sorted(Comparator.comparing(TunnelConfig::name)).toList();
    }

    /** What an empty file gives, and the built-in fallback when the file is missing or invalid. */
    public static LowernetConfig defaults() {
        return new LowernetConfig(NodeConfig.defaults(), new TreeMap<>(), LanConfig.defaults(), WanConfig.defaults(),
                LedsConfig.defaults(), SshConfig.defaults(), MqttConfig.defaults(), ReliabilityConfig.defaults(),
                TimeConfig.defaults(), MeshConfig.defaults(), List.of(), UpdateConfig.defaults());
    }

    /** One line for logs and check-config: every effective setting, defaults included. */
    public String summary() {
        String roles = interfaces.isEmpty() ? "from the board profile" : interfaces.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        String wanText = switch (wan.mode()) {
            case DHCP -> "dhcp" + (wan.dns().isEmpty() ? "" : ", dns " + dns());
            case STATIC -> "static " + wan.address().orElseThrow() + " via " + wan.gateway().orElseThrow()
                    + ", dns " + dns();
        } + (wan.uplink() ? "" : ", not shared (tunnels only)");
        return "node " + node.name().orElse("derived from the serial number")
                + ", site " + node.site().orElse("none")
                + node.location().map(l -> " at " + l).orElse("")
                + "; interfaces: " + roles
                + "; lan " + lan.address() + ", dhcp " + lan.dhcpRange() + " for " + ValueTypes.format(lan.dhcpLease())
                + ", domain " + lan.domain()
                + "; wan " + wanText
                + "; leds " + leds.summary()
                + "; ssh keys from " + ssh.authorizedKeys()
                + "; time from " + (time.servers().isEmpty() ? "the DHCP lease" : String.join(", ", time.servers()))
                + "; mqtt " + mqtt.summary()
                + "; mesh " + mesh.summary(node.site())
                + "; tunnels " + (tunnels.isEmpty() ? "none"
                        : tunnels.stream().map(TunnelConfig::summary).collect(Collectors.joining(" | ")))
                + "; saved as last good after " + ValueTypes.format(reliability.goodAfter())
                + "; updates committed after " + ValueTypes.format(update.commitAfter()) + " healthy";
    }

    private String dns() {
        return wan.dns().stream().map(InetAddress::getHostAddress).collect(Collectors.joining(" "));
    }
}
