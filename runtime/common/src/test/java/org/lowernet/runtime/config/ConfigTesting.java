package org.lowernet.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Shorthands for tests that parse config text. */
final class ConfigTesting {

    private ConfigTesting() {
    }

    static ConfigResult parse(String text) {
        return ConfigParser.parse(text.getBytes(StandardCharsets.UTF_8), "lowernet.conf");
    }

    static LowernetConfig valid(String text) {
        ConfigResult result = parse(text);
        assertTrue(result.valid(), () -> messages(result));
        return result.config().orElseThrow();
    }

    /** Asserts exactly one error, on {@code line}, and returns its message. */
    static String oneError(String text, int line) {
        ConfigResult result = parse(text);
        assertEquals(1, result.errors().size(), () -> messages(result));
        assertEquals(line, result.errors().getFirst().line(), () -> messages(result));
        return result.errors().getFirst().message();
    }

    static String messages(ConfigResult result) {
        return result.errors().stream().map(ConfigError::message).collect(Collectors.joining("\n"));
    }

    /** The concrete key for a registry entry: family patterns get the placeholder "eth0" (LEDs: "status"). */
    static String concrete(Key<?> key) {
        String name = key.pattern().startsWith("leds.") ? "status" : key.pattern().startsWith("tunnel.") ? "hilltop"
                : "eth0";
        return key.pattern().replaceAll("<[^>]*>", name);
    }

    /** Lines that make a key's example valid in context (static WAN keys need static mode, mqtt.ca an ssl:// broker, a tunnel key its tunnel). */
    static List<String> context(Key<?> key) {
        if (key.pattern().startsWith("tunnel.") || key.pattern().equals("wan.uplink")) {
            return List.of("tunnel.hilltop.public_key = " + TunnelConfig.PUBLIC_KEY.example(),
                    // An address: wan.uplink = no takes no peer by name.
                    "tunnel.hilltop.peer = 198.51.100.7:51820");
        }
        if (key.pattern().startsWith("wan.")) {
            return List.of("wan.mode = static", "wan.address = 192.0.2.10/24", "wan.gateway = 192.0.2.1",
                    "wan.dns = 192.0.2.53");
        }
        if (key.pattern().startsWith("mqtt.")) {
            return List.of("mqtt.broker = ssl://broker.example.org", "mqtt.username = node",
                    "mqtt.password = secret");
        }
        return List.of();
    }
}
