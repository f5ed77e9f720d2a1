package org.lowernet.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key of the registry with a good value (its documented example) and a bad one. */
class ConfigKeysTest {

    /** A bad value per key, with a word the error must contain. A new key fails everyKeyHasABadValue. */
    private static final Map<String, List<String>> BAD = Map.ofEntries(
            Map.entry("node.name", List.of("-infoshop", "valid label")),
            Map.entry("site", List.of("River Side", "site id")),
            Map.entry("interface.<name>.role", List.of("uplink", "one of wan, lan, mesh, off")),
            Map.entry("lan.address", List.of("10.42.0.0/24", "found the network address")),
            Map.entry("lan.dhcp.range", List.of("10.42.0.200-10.42.0.100", "start comes after its end")),
            Map.entry("lan.dhcp.lease", List.of("1m", "out of range")),
            Map.entry("lan.domain", List.of("my_lan", "valid label")),
            Map.entry("wan.mode", List.of("pppoe", "one of dhcp, static")),
            Map.entry("wan.address", List.of("192.0.2.10", "without a /prefix length")),
            Map.entry("wan.gateway", List.of("192.0.2.256", "not a number from 0 to 255")),
            Map.entry("wan.dns", List.of("1.1.1.1, 8.8.8.8, 9.9.9.9, 8.8.4.4", "1 to 3 values")),
            Map.entry("wan.uplink", List.of("true", "yes or no")),
            Map.entry("leds.<name>.gpio", List.of("14", "the UART's TXD (header pin 8)")),
            Map.entry("leds.<name>.active", List.of("inverted", "one of high, low")),
            Map.entry("leds.act", List.of("blink", "one of mirror, off, kernel")),
            Map.entry("leds.quiet", List.of("22-7", "HH:MM-HH:MM")),
            Map.entry("ssh.authorized_keys", List.of("authorized_keys", "an absolute path")),
            Map.entry("location", List.of("52.52,200", "off the map")),
            Map.entry("mqtt.broker", List.of("mqtts://broker.example.org", "scheme 'mqtts'")),
            Map.entry("mqtt.username", List.of("two words", "without spaces")),
            Map.entry("mqtt.password", List.of("x".repeat(129), "129 characters")),
            Map.entry("mqtt.ca", List.of("mqtt-ca.pem", "an absolute path")),
            Map.entry("mqtt.interval", List.of("2h", "out of range")),
            Map.entry("mqtt.keepalive", List.of("1s", "out of range")),
            Map.entry("mqtt.topic_prefix", List.of("lowernet/#", "topic levels")),
            Map.entry("mqtt.buffer", List.of("-1", "out of range")),
            Map.entry("mqtt.homeassistant", List.of("yes", "true or false")),
            Map.entry("reliability.good_after", List.of("5s", "out of range")),
            Map.entry("update.commit_after", List.of("2s", "out of range")),
            Map.entry("update.trial_limit", List.of("10s", "out of range")),
            Map.entry("update.max_tries", List.of("0", "out of range")),
            Map.entry("time.servers", List.of("pool.ntp.org, ntp_1.example", "valid label")),
            Map.entry("mesh.pool", List.of("10.77.1.0/16", "host bits set")),
            Map.entry("mesh.prefix_length", List.of("30", "out of range")),
            Map.entry("mesh.ula", List.of("2001:db8::/48", "not inside fc00::/7")),
            Map.entry("mesh.domain", List.of("my_mesh", "valid label")),
            Map.entry("mesh.policy", List.of("closed", "one of open, isolated")),
            Map.entry("tunnel.<name>.peer", List.of("vpn.example.org", "without a :port")),
            Map.entry("tunnel.<name>.public_key", List.of("xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp",
                    "a value that decodes to 30 bytes, a WireGuard key has 32")),
            Map.entry("tunnel.<name>.listen_port", List.of("65536", "out of range")),
            Map.entry("tunnel.<name>.keepalive", List.of("2h", "out of range")));

    /** Where each key's value lands in the records. */
    private static final Map<String, Function<LowernetConfig, Object>> FIELD = Map.ofEntries(
            Map.entry("node.name", c -> c.node().name().orElseThrow()),
            Map.entry("site", c -> c.node().site().orElseThrow()),
            Map.entry("interface.<name>.role", c -> c.interfaces().get("eth0")),
            Map.entry("lan.address", c -> c.lan().address()),
            Map.entry("lan.dhcp.range", c -> c.lan().dhcpRange()),
            Map.entry("lan.dhcp.lease", c -> c.lan().dhcpLease()),
            Map.entry("lan.domain", c -> c.lan().domain()),
            Map.entry("wan.mode", c -> c.wan().mode()),
            Map.entry("wan.address", c -> c.wan().address().orElseThrow()),
            Map.entry("wan.gateway", c -> c.wan().gateway().orElseThrow()),
            Map.entry("wan.dns", c -> c.wan().dns()),
            Map.entry("wan.uplink", c -> c.wan().uplink()),
            Map.entry("leds.<name>.gpio", c -> c.leds().gpio().get("status")),
            Map.entry("leds.<name>.active", c -> c.leds().active().get("status")),
            Map.entry("leds.act", c -> c.leds().act()),
            Map.entry("leds.quiet", c -> c.leds().quiet()),
            Map.entry("ssh.authorized_keys", c -> c.ssh().authorizedKeys()),
            Map.entry("location", c -> c.node().location().orElseThrow()),
            Map.entry("mqtt.broker", c -> c.mqtt().brokers()),
            Map.entry("mqtt.username", c -> c.mqtt().username().orElseThrow()),
            Map.entry("mqtt.password", c -> c.mqtt().password().orElseThrow()),
            Map.entry("mqtt.ca", c -> c.mqtt().ca().orElseThrow()),
            Map.entry("mqtt.interval", c -> c.mqtt().interval()),
            Map.entry("mqtt.keepalive", c -> c.mqtt().keepalive()),
            Map.entry("mqtt.topic_prefix", c -> c.mqtt().topicPrefix().orElseThrow()),
            Map.entry("mqtt.buffer", c -> c.mqtt().buffer()),
            Map.entry("mqtt.homeassistant", c -> c.mqtt().homeAssistant()),
            Map.entry("reliability.good_after", c -> c.reliability().goodAfter()),
            Map.entry("update.commit_after", c -> c.update().commitAfter()),
            Map.entry("update.trial_limit", c -> c.update().trialLimit()),
            Map.entry("update.max_tries", c -> c.update().maxTries()),
            Map.entry("time.servers", c -> c.time().servers()),
            Map.entry("mesh.pool", c -> c.mesh().pool()),
            Map.entry("mesh.prefix_length", c -> c.mesh().prefixLength()),
            Map.entry("mesh.ula", c -> c.mesh().ula().orElseThrow()),
            Map.entry("mesh.domain", c -> c.mesh().domain()),
            Map.entry("mesh.policy", c -> c.mesh().policy()),
            Map.entry("tunnel.<name>.peer", c -> c.tunnels().getFirst().peer().orElseThrow()),
            Map.entry("tunnel.<name>.public_key", c -> c.tunnels().getFirst().publicKey()),
            Map.entry("tunnel.<name>.listen_port", c -> c.tunnels().getFirst().listenPort().orElseThrow()),
            Map.entry("tunnel.<name>.keepalive", c -> c.tunnels().getFirst().keepalive()));

    static Stream<Key<?>> keys() {
        return ConfigKeys.ALL.stream();
    }

    @Test
    void everyKeyHasABadValue() {
        assertEquals(new TreeSet<>(BAD.keySet()),
                new TreeSet<>(ConfigKeys.ALL.stream().map(Key::pattern).toList()));
        assertEquals(BAD.keySet(), FIELD.keySet());
    }

    @ParameterizedTest
    @MethodSource("keys")
    void theDocumentedExampleIsAccepted(Key<?> key) throws InvalidValue {
        List<String> lines = new ArrayList<>(ConfigTesting.context(key));
        lines.removeIf(l -> l.startsWith(ConfigTesting.concrete(key) + " "));
        lines.add(ConfigTesting.concrete(key) + " = " + key.example());
        LowernetConfig config = ConfigTesting.valid(String.join("\n", lines));
        assertEquals(key.type().parse(key.example()), FIELD.get(key.pattern()).apply(config));
    }

    @ParameterizedTest
    @MethodSource("keys")
    void aBadValueIsOneErrorSayingWhatWasExpected(Key<?> key) {
        List<String> lines = new ArrayList<>(ConfigTesting.context(key));
        lines.removeIf(l -> l.startsWith(ConfigTesting.concrete(key) + " "));
        String bad = BAD.get(key.pattern()).get(0);
        lines.add(ConfigTesting.concrete(key) + " = " + bad);
        String message = ConfigTesting.oneError(String.join("\n", lines), lines.size());
        String shown = key.pattern().endsWith(".password") ? "(not shown)" : bad;
        assertTrue(message.startsWith("lowernet.conf:" + lines.size() + ": " + ConfigTesting.concrete(key)
                + " = " + shown + ": expected "), message);
        assertTrue(message.contains(BAD.get(key.pattern()).get(1)), message);
    }

    @ParameterizedTest
    @MethodSource("keys")
    void literalDefaultsAreWhatAnEmptyFileGives(Key<?> key) {
        LowernetConfig empty = ConfigTesting.valid("");
        assertEquals(LowernetConfig.defaults(), empty);
        key.defaultValue().ifPresent(value -> assertTrue(empty.toString().contains(value.toString()), key.pattern()));
    }

    @ParameterizedTest
    @CsvSource({
            "lan.adress, lan.address",
            "LAN.Address, lan.address",
            "lan.dhcp.lease_time, lan.dhcp.lease",
            "wan.dnss, wan.dns",
            "sitte, site",
            "nodename, node.name",
            "interface.eth0.rolle, interface.eth0.role",
            "interfaces.eth1.role, interface.eth1.role",
            "interface.eth0.100.roel, interface.eth0.100.role",
            "interface.wlan0, interface.wlan0.role",
            "tunnel.hilltop.publickey, tunnel.hilltop.public_key",
            "tunnels.hilltop.peer, tunnel.hilltop.peer",
    })
    void misspeltKeysGetASuggestion(String typo, String suggestion) {
        assertEquals(Optional.of(suggestion), ConfigKeys.SCHEMA.suggestion(typo));
        String message = ConfigTesting.oneError("\n" + typo + " = 1", 2);
        assertTrue(message.endsWith("found an unknown key; did you mean " + suggestion + "?"), message);
    }

    @ParameterizedTest
    @CsvSource({"telemetry.server", "foo", "hostname", "dhcp"})
    void farAwayKeysGetNoSuggestion(String unknown) {
        String message = ConfigTesting.oneError(unknown + " = 1", 1);
        assertTrue(message.endsWith("found an unknown key; see CONFIG.md for the keys"), message);
    }

    @Test
    void familyKeysCheckTheirPlaceholder() {
        String message = ConfigTesting.oneError("interface.eth0/1.role = lan", 1);
        assertTrue(message.contains("expected an interface name of 1 to 15 characters"), message);
        assertTrue(ConfigTesting.oneError("interface.averyveryverylongname.role = lan", 1).contains("(21 characters)"));
        assertEquals(InterfaceRole.MESH, ConfigTesting.valid("interface.eth0.100.role = mesh").interfaces().get("eth0.100"));
    }
}
