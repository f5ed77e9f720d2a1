package org.lowernet.runtime.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Health reports to the neighbourhood's MQTT broker: the mqtt.* keys. Without a broker, reporting is off.
 *
 * @param brokers       broker URLs, tried in order; empty means reporting is off
 * @param username      the broker login, present exactly when {@code password} is
 * @param password      never logged: {@link #toString()} leaves it out
 * @param ca            an absolute path of a CA certificate (PEM) to trust for ssl:// brokers, instead of the JRE's
 * @param interval      how often statistics are published
 * @param keepalive     the MQTT keep-alive; the broker declares the node offline after 1.5 times this
 * @param topicPrefix   the topic prefix; empty means {@code lowernet/<site>}
 * @param buffer        how many messages are kept while the broker is unreachable (the oldest are dropped)
 * @param homeAssistant whether to publish Home Assistant MQTT discovery configs
 */
public record MqttConfig(List<ServiceUrl> brokers, Optional<String> username, Optional<String> password,
                         Optional<String> ca, Duration interval, Duration keepalive, Optional<String> topicPrefix,
                         int buffer, boolean homeAssistant) {

    /** The site word the topic prefix uses when lowernet.conf names no site. */
    public static final String NO_SITE = "default";

    public static final Key<List<ServiceUrl>> BROKER = Key.optional("mqtt.broker",
            ValueTypes.listOf(ValueTypes.url(schemes()), "broker URLs", ValueTypes.Separator.COMMA, 1, 4),
            "none: health reporting is off",
            "The neighbourhood's MQTT broker(s) this router reports its health to, tried in order.",
            "ssl://mqtt.riverside.example:8883");
    public static final Key<String> USERNAME = Key.optional("mqtt.username",
            ValueTypes.word("user name", "[!-~]{1,64}", "1 to 64 printable characters without spaces"),
            "none (anonymous)", "The user name to log in to the broker with; needs mqtt.password.", "infoshop-1");
    public static final Key<String> PASSWORD = Key.optional("mqtt.password",
            ValueTypes.secret("password", "[ -~]{1,128}", "1 to 128 printable ASCII characters"),
            "none (anonymous)", "The broker password for mqtt.username; never logged.", "correct-horse-battery");
    public static final Key<String> CA = Key.optional("mqtt.ca", ValueTypes.absolutePath(),
            "the JRE's trusted certificate authorities",
            "A CA certificate (PEM) to trust for ssl:// brokers, such as a neighbourhood's own CA.",
            "/boot/mqtt-ca.pem");
    public static final Key<Duration> INTERVAL = Key.of("mqtt.interval",
            ValueTypes.duration(Duration.ofSeconds(1), Duration.ofHours(1)), "30s",
            "How often the router publishes its statistics.", "1m");
    public static final Key<Duration> KEEPALIVE = Key.of("mqtt.keepalive",
            ValueTypes.duration(Duration.ofSeconds(2), Duration.ofMinutes(10)), "30s",
            "The MQTT keep-alive: the broker marks the router offline after 1.5 times this without a word.",
            "1m");
    public static final Key<String> TOPIC_PREFIX = Key.optional("mqtt.topic_prefix",
            ValueTypes.word("topic prefix", "[A-Za-z0-9_-]{1,64}(/[A-Za-z0-9_-]{1,64}){0,7}",
                    "topic levels of letters, digits, '_' and '-' separated by '/', such as lowernet/riverside"),
            "lowernet/<site> (lowernet/default without a site)",
            "Where the router's topics live: <prefix>/<node name>/status and so on.", "neighbourhood/riverside");
    public static final Key<Integer> BUFFER = Key.of("mqtt.buffer", ValueTypes.integer(0, 10000), "200",
            "How many messages are kept while the broker is unreachable; beyond it the oldest are dropped and counted.",
            "1000");
    public static final Key<Boolean> HOMEASSISTANT = Key.of("mqtt.homeassistant", ValueTypes.bool(), "false",
            "Whether to publish Home Assistant MQTT discovery, so Home Assistant shows the router's sensors.",
            "true");
    static final List<Key<?>> KEYS = List.of(BROKER, USERNAME, PASSWORD, CA, INTERVAL, KEEPALIVE, TOPIC_PREFIX,
            BUFFER, HOMEASSISTANT);

    /** MQTT over TCP and over TLS with their IANA ports, in the order errors name them. */
    private static Map<String, Integer> schemes() {
        Map<String, Integer> schemes = new LinkedHashMap<>();
        schemes.put("tcp", 1883);
        schemes.put("ssl", 8883);
        return schemes;
    }

    public MqttConfig {
        brokers = List.copyOf(brokers);
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("mqtt.username and mqtt.password come together");
        }
    }

    public static MqttConfig defaults() {
        return new MqttConfig(List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                INTERVAL.defaultValue().orElseThrow(), KEEPALIVE.defaultValue().orElseThrow(), Optional.empty(),
                BUFFER.defaultValue().orElseThrow(), HOMEASSISTANT.defaultValue().orElseThrow());
    }

    public boolean enabled() {
        return !brokers.isEmpty();
    }

    /** mqtt.topic_prefix, else lowernet/ and the site. */
    public String prefix(Optional<String> site) {
        return topicPrefix.orElseGet(() -> "lowernet/" + site.orElse(NO_SITE));
    }

    /** A login without a CA-checked channel: each one is a password sent in the clear. */
    public boolean passwordInTheClear() {
        return password.isPresent() && brokers.stream().anyMatch(b -> b.scheme().equals("tcp"));
    }

    /** A user name needs its password and the other way round; a CA needs an ssl:// broker to check. */
    static void check(Settings settings) {
        pair(settings, USERNAME, PASSWORD);
        pair(settings, PASSWORD, USERNAME);
        settings.get(CA).ifPresent(ca -> {
            if (!settings.failed(BROKER) && settings.get(BROKER).map(Setting::value).orElse(List.of()).stream()
                    .noneMatch(b -> b.scheme().equals("ssl"))) {
                settings.error(ca, "mqtt.ca only with an ssl:// broker in mqtt.broker",
                        settings.get(BROKER).isEmpty() ? "no mqtt.broker" : "only tcp:// brokers");
            }
        });
    }

    private static void pair(Settings settings, Key<String> given, Key<String> needed) {
        settings.get(given).ifPresent(s -> {
            if (settings.get(needed).isEmpty() && !settings.failed(needed)) {
                settings.error(s, needed.pattern() + " as well", "no " + needed.pattern());
            }
        });
    }

    static MqttConfig from(Settings settings) {
        return new MqttConfig(settings.get(BROKER).map(Setting::value).orElse(List.of()),
                settings.get(USERNAME).map(Setting::value), settings.get(PASSWORD).map(Setting::value),
                settings.get(CA).map(Setting::value), settings.valueOrDefault(INTERVAL),
                settings.valueOrDefault(KEEPALIVE), settings.get(TOPIC_PREFIX).map(Setting::value),
                settings.valueOrDefault(BUFFER), settings.valueOrDefault(HOMEASSISTANT));
    }

    /** "off" or "ssl://broker:8883 as infoshop-1, every 30s" — never the password. */
    String summary() {
        if (!enabled()) {
            return "off";
        }
        return brokers.stream().map(ServiceUrl::toString).collect(Collectors.joining(" then "))
                + username.map(u -> " as " + u).orElse(" anonymously")
                + ", every " + ValueTypes.format(interval)
                + topicPrefix.map(p -> ", under " + p).orElse("")
                + (homeAssistant ? ", with Home Assistant discovery" : "");
    }

    /** Every field but the password's value, so logs and test output never carry it. */
    @Override
    public String toString() {
        return "MqttConfig[brokers=" + brokers + ", username=" + username
                + ", password=" + (password.isPresent() ? "(set, not shown)" : "none") + ", ca=" + ca
                + ", interval=" + interval + ", keepalive=" + keepalive + ", topicPrefix=" + topicPrefix
                + ", buffer=" + buffer + ", homeAssistant=" + homeAssistant + "]";
    }
}
