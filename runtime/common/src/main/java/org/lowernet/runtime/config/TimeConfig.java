package org.lowernet.runtime.config;

import java.util.List;

/**
 * Where the router's clock comes from.
 *
 * @param servers NTP servers (hostnames or addresses), tried in order; empty means those the WAN's DHCP lease offers
 */
public record TimeConfig(List<String> servers) {

    public static final Key<List<String>> SERVERS = Key.optional("time.servers",
            ValueTypes.listOf(ValueTypes.host(), "hostnames or IP addresses", ValueTypes.Separator.COMMA, 1, 4),
            "from the WAN's DHCP lease (option 42, NTP servers)",
            "The NTP servers that set the router's clock, tried in order; they replace those DHCP offers.",
            "pool.ntp.org, 192.0.2.123");
    static final List<Key<?>> KEYS = List.of(SERVERS);

    public TimeConfig {
        servers = List.copyOf(servers);
    }

    public static TimeConfig defaults() {
        return new TimeConfig(List.of());
    }

    static TimeConfig from(Settings settings) {
        return new TimeConfig(settings.get(SERVERS).map(Setting::value).orElse(List.of()));
    }
}
