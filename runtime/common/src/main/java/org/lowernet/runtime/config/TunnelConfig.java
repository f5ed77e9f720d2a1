package org.lowernet.runtime.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lowernet.runtime.wgkey.WgPublicKey;

/**
 * One WireGuard tunnel to another lowernet node over the Internet, a mesh link like a cable: the
 * tunnel.NAME.* keys. NAME is also the name of its interface.
 *
 * @param name       the tunnel's and its interface's name
 * @param peer       where the other node listens; empty on the side that only listens
 * @param publicKey  the other node's public key
 * @param listenPort the UDP port this side listens on; empty: the kernel picks one (only with a peer)
 * @param keepalive  how often to send a keepalive so a NAT keeps its mapping; zero is off
 */
public record TunnelConfig(String name, Optional<HostPort> peer, WgPublicKey publicKey, OptionalInt listenPort,
                           Duration keepalive) {

    /** WireGuard's persistent keepalive is a 16-bit count of seconds; beyond an hour no NAT keeps a mapping anyway. */
    private static final Duration MAX_KEEPALIVE = Duration.ofHours(1);
    /** Below the 30 s many NATs forget an idle UDP mapping after, as WireGuard's documentation advises. */
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(25);
    /** UDP ports lowernet's own services bind on every address: a tunnel there could not start. */
    private static final Map<Integer, String> TAKEN_PORTS = Map.of(53, "DNS (dnsmasq)", 67, "the DHCP server",
            68, "the WAN's DHCP client", 1001, "respondd", 6696, "babel");

    /** The one interface every Linux has whatever the board: a tunnel cannot take its name. */
    private static final String LOOPBACK = "lo";

    private static final ValueType<String> NAME = ValueTypes.word("tunnel name", "[a-z0-9][a-z0-9_-]{0,"
            + (InterfaceName.MAX_LENGTH - 1) + "}", "a tunnel name of 1 to " + InterfaceName.MAX_LENGTH
            + " lowercase letters, digits, '-' and '_' starting with a letter or digit, such as hilltop"
            + " (it names the tunnel's interface)");

    public static final Key<HostPort> PEER = Key.family("tunnel.<name>.peer", NAME, ValueTypes.hostPort(),
            "none (this side only listens)",
            "Where the other node of the tunnel named in the key listens: its public address or name and UDP port.",
            "vpn.example.org:51820");
    public static final Key<WgPublicKey> PUBLIC_KEY = Key.family("tunnel.<name>.public_key", NAME,
            ValueTypes.wireguardPublicKey(), "none (required for every tunnel)",
            "The other node's WireGuard public key (lowernet tunnel-key on that node prints it).",
            "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=");
    public static final Key<Integer> LISTEN_PORT = Key.family("tunnel.<name>.listen_port", NAME, udpPort(),
            "none (required without peer; else a port the kernel picks)",
            "The UDP port this node receives the tunnel on; the WAN firewall opens it.", "51820");
    public static final Key<Duration> KEEPALIVE = Key.family("tunnel.<name>.keepalive", NAME,
            ValueTypes.duration(Duration.ZERO, MAX_KEEPALIVE), "25s with a peer, else 0s (off)",
            "How often to send a keepalive so a NAT on the way keeps the tunnel open; 0s is off.", "15s");
    static final List<Key<?>> KEYS = List.of(PEER, PUBLIC_KEY, LISTEN_PORT, KEEPALIVE);

    public TunnelConfig {
        InterfaceName.require(name);
        if (peer.isEmpty() && listenPort.isEmpty()) {
            throw new IllegalArgumentException("tunnel " + name + " has neither a peer nor a listen port");
        }
        if (keepalive.isNegative()) {
            throw new IllegalArgumentException("tunnel " + name + ": keepalive " + keepalive + " is negative");
        }
    }

    private static ValueType<Integer> udpPort() {
        ValueType<Integer> port = ValueTypes.integer(1, 65535);
        return new ValueType<>("UDP port (1 to 65535)", text -> {
            int value = port.parse(text);
            if (TAKEN_PORTS.containsKey(value)) {
                throw new InvalidValue("a UDP port from 1 to 65535 that lowernet itself does not use, such as 51820",
                        value + ", the port of " + TAKEN_PORTS.get(value));
            }
            return value;
        });
    }

    static void check(Settings settings) {
        Map<String, Setting<?>> firstLines = firstLines(settings);
        SortedMap<String, InterfaceRole> roles = InterfaceRoles.from(settings);
        for (Map.Entry<String, Setting<?>> tunnel : firstLines.entrySet()) {
            String name = tunnel.getKey();
            Setting<?> first = tunnel.getValue();
            if (name.equals(LOOPBACK)) {
                settings.error(first, "a tunnel name other than lo", "lo, the loopback interface every Linux has;"
                        + " rename the tunnel (every tunnel.lo.* key)");
            }
            if (roles.containsKey(name)) {
                Setting<InterfaceRole> role = settings.all(InterfaceRoles.ROLE).stream()
                        .filter(s -> s.placeholder().equals(name)).findFirst().orElseThrow();
                settings.error(first, "a tunnel name no interface.<name>.role key names: the tunnel is an interface"
                        + " of its own", "interface." + name + ".role on line " + role.line() + " too; rename the"
                        + " tunnel (every tunnel." + name + ".* key)");
            }
            if (find(settings, PUBLIC_KEY, name).isEmpty() && !settings.failed(PUBLIC_KEY)) {
                settings.error(first, "tunnel." + name + ".public_key as well: every tunnel needs the other node's key",
                        "none; add it, e.g. tunnel." + name + ".public_key = " + PUBLIC_KEY.example());
            }
            if (find(settings, PEER, name).isEmpty() && find(settings, LISTEN_PORT, name).isEmpty()
                    && !settings.failed(PEER) && !settings.failed(LISTEN_PORT)) {
                settings.error(first, "tunnel." + name + ".peer (where the other node listens) or tunnel." + name
                        + ".listen_port (this side only listens), or both", "neither; add one, e.g. tunnel." + name
                        + ".peer = " + PEER.example());
            }
        }
        Map<Integer, Setting<Integer>> ports = new HashMap<>();
        settings.all(LISTEN_PORT).stream().sorted(Comparator.comparingInt(Setting::line)).forEach(port -> {
            Setting<Integer> earlier = ports.putIfAbsent(port.value(), port);
            if (earlier != null) {
                settings.error(port, "a listen port of its own for each tunnel", "port " + port.value()
                        + " as in " + earlier.key() + " on line " + earlier.line() + "; pick another port");
            }
        });
        checkUplink(settings, firstLines);
    }

    /**
     * wan.uplink = no with no tunnel at all is an error, not a warning: that line says the WAN carries only
     * this router's tunnels, and with none the person who wrote it would get a WAN that carries nothing.
     * Tunnels that only listen are enough: the other nodes dial in.
     */
    private static void checkUplink(Settings settings, Map<String, Setting<?>> tunnels) {
        settings.get(WanConfig.UPLINK).filter(uplink -> !uplink.value() && tunnels.isEmpty())
                .ifPresent(uplink -> settings.error(uplink, "a tunnel (tunnel.<name>.* keys) to carry over the WAN:"
                        + " with wan.uplink = no the WAN carries only this router's tunnels",
                        "no tunnel; add one, or comment this line out to share the uplink"));
        // Without the uplink the router has no resolver of its own until a tunnel is up: a peer it must look up
        // first could never be reached.
        settings.get(WanConfig.UPLINK).filter(uplink -> !uplink.value()).ifPresent(uplink -> settings.all(PEER)
                .stream().filter(peer -> !isAddress(peer.value().host())).forEach(peer -> settings.error(peer,
                        "an IP address with wan.uplink = no (line " + uplink.line() + "): the router looks up names"
                                + " through its tunnels, so it cannot look up the peer of one",
                        "the name " + peer.value().host() + "; give the peer's address")));
    }

    private static boolean isAddress(String host) {
        try {
            ValueTypes.parseIp(host);
            return true;
        } catch (InvalidValue e) {
            return false;
        }
    }

    /** Each tunnel named in the file (a valid line of any tunnel key), with its first line for errors. */
    private static Map<String, Setting<?>> firstLines(Settings settings) {
        Map<String, Setting<?>> first = new TreeMap<>();
        KEYS.stream().flatMap(key -> settings.all(key).stream())
                .sorted(Comparator.comparingInt(Setting::line))
                .forEach(s -> first.putIfAbsent(s.placeholder(), s));
        return first;
    }

    private static <T> Optional<Setting<T>> find(Settings settings, Key<T> key, String name) {
        return settings.all(key).stream().filter(s -> s.placeholder().equals(name)).findFirst();
    }

    /** Every tunnel, in name order; only after {@link #check} found no errors. */
    static List<TunnelConfig> from(Settings settings) {
        List<TunnelConfig> tunnels = new ArrayList<>();
        for (String name : firstLines(settings).keySet()) {
            Optional<HostPort> peer = find(settings, PEER, name).map(Setting::value);
            Duration keepalive = find(settings, KEEPALIVE, name).map(Setting::value)
                    .orElse(peer.isPresent() ? DEFAULT_KEEPALIVE : Duration.ZERO);
            tunnels.add(new TunnelConfig(name, peer, find(settings, PUBLIC_KEY, name).orElseThrow().value(),
                    find(settings, LISTEN_PORT, name).map(s -> OptionalInt.of(s.value())).orElse(OptionalInt.empty()),
                    keepalive));
        }
        return List.copyOf(tunnels);
    }

    /** For logs: "hilltop to vpn.example.org:51820, port 51820, keepalive 25s". */
    String summary() {
        return name + peer.map(p -> " to " + p).orElse(" (listens only)")
                + (listenPort.isPresent() ? ", port " + listenPort.getAsInt() : "")
                + ", keepalive " + (keepalive.isZero() ? "off" : ValueTypes.format(keepalive));
    }
}
