package org.lowernet.runtime.config;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A network service address such as an MQTT broker, "ssl://broker.example.org:8883".
 * Only scheme, host and port: credentials and paths belong in their own keys, not in a URL that
 * ends up in logs.
 *
 * @param scheme lowercase scheme, one the key accepts
 * @param host   a hostname, a dotted-quad IPv4 address, or an IPv6 address without brackets
 * @param port   1 to 65535; the scheme's default port when the URL names none
 */
public record ServiceUrl(String scheme, String host, int port) {

    /** Parses {@code text}, accepting only the given schemes, each mapped to its default port. */
    static ServiceUrl parse(String text, Map<String, Integer> defaultPorts) throws InvalidValue {
        String expected = "a URL " + String.join(" or ", defaultPorts.keySet().stream().map(s -> s + "://").toList())
                + " followed by host[:port], such as " + defaultPorts.keySet().iterator().next()
                + "://broker.example.org";
        int separator = text.indexOf("://");
        if (separator < 0) {
            throw new InvalidValue(expected, "'" + text + "' without a scheme://");
        }
        String scheme = text.substring(0, separator).toLowerCase(Locale.ROOT);
        if (!defaultPorts.containsKey(scheme)) {
            throw new InvalidValue(expected, "scheme '" + scheme + "'");
        }
        String rest = text.substring(separator + 3);
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (rest.contains("@")) {
            throw new InvalidValue(expected, "a user name or password in the URL; give them in their own keys");
        }
        if (rest.contains("/") || rest.contains("?") || rest.contains("#")) {
            throw new InvalidValue(expected, "a path, query or fragment in '" + text + "'");
        }
        HostPort where = HostPort.parse(rest, expected, OptionalInt.of(defaultPorts.get(scheme)));
        return new ServiceUrl(scheme, where.host(), where.port());
    }

    @Override
    public String toString() {
        return scheme + "://" + new HostPort(host, port);
    }
}
