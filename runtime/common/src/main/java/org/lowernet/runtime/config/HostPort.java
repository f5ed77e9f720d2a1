package org.lowernet.runtime.config;

import java.net.Inet6Address;
import java.util.OptionalInt;

/**
 * Where a service or a tunnel's other end listens: "vpn.example.org:51820", "192.0.2.7:51820",
 * "[2001:db8::7]:51820". A hostname is kept as written (lowercased) and looked up by whoever connects,
 * not by the parser.
 *
 * @param host a hostname, a dotted-quad IPv4 address, or an IPv6 address without brackets
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("host '" + host + "' port " + port + ": a host and a port 1 to 65535");
        }
    }

    /**
     * {@code host[:port]}, an IPv6 address in brackets; without a port {@code defaultPort}, and when there is
     * none that is an error. {@code expected} is the key's "expected ..." text.
     */
    static HostPort parse(String text, String expected, OptionalInt defaultPort) throws InvalidValue {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new InvalidValue(expected, "'[' without ']' around the IPv6 address");
            }
            host = text.substring(1, close);
            String after = text.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw new InvalidValue(expected, "'" + after + "' after the IPv6 address");
            }
            port = after.isEmpty() ? null : after.substring(1);
            if (!(ValueTypes.parseIp(host) instanceof Inet6Address)) {
                throw new InvalidValue(expected, "'" + host + "' in brackets, which is not an IPv6 address");
            }
        } else {
            if (text.indexOf(':') != text.lastIndexOf(':')) {
                throw new InvalidValue(expected, "'" + text + "'; write an IPv6 address in brackets, [2001:db8::7]:port");
            }
            int colon = text.indexOf(':');
            host = ValueTypes.checkHostname(colon < 0 ? text : text.substring(0, colon), expected);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        if (port == null) {
            if (defaultPort.isEmpty()) {
                throw new InvalidValue(expected, "'" + text + "' without a :port");
            }
            return new HostPort(host, defaultPort.getAsInt());
        }
        if (!port.matches("[1-9][0-9]{0,4}") || Integer.parseInt(port) > 65535) {
            throw new InvalidValue(expected, "port '" + port + "', which is not a number from 1 to 65535");
        }
        return new HostPort(host, Integer.parseInt(port));
    }

    /** As it is written in lowernet.conf: an IPv6 address in brackets. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
