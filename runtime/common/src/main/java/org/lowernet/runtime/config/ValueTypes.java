package org.lowernet.runtime.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.wgkey.WgPublicKey;

/** The value types keys are built from; each refuses what it cannot represent, naming what it expected. */
public final class ValueTypes {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,7})([smhd])");

    private ValueTypes() {
    }

    public static ValueType<Ipv4> ipv4() {
        return new ValueType<>("IPv4 address", Ipv4::parse);
    }

    /** An IPv4 or IPv6 literal; never a name, so parsing never asks DNS. */
    public static ValueType<InetAddress> ipAddress() {
        return new ValueType<>("IPv4 or IPv6 address", ValueTypes::parseIp);
    }

    static InetAddress parseIp(String text) throws InvalidValue {
        String expected = "an IPv4 address such as 192.168.1.1 or an IPv6 address such as 2001:db8::1";
        if (!text.contains(":")) {
            try {
                return Ipv4.parse(text).toInetAddress();
            } catch (InvalidValue e) {
                throw new InvalidValue(expected, e.found());
            }
        }
        if (!text.matches("[0-9A-Fa-f:.]+")) {
            throw new InvalidValue(expected, "'" + text + "', which has characters no IPv6 address has");
        }
        try {
            // ofLiteral (JDK 22) parses without a name lookup; it maps ::ffff:a.b.c.d to IPv4.
            return Inet6Address.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidValue(expected, "'" + text + "', which is not a valid IPv6 address");
        }
    }

    /** An interface address "a.b.c.d/n" with n in range, whose address is a host of its subnet. */
    public static ValueType<Cidr> hostCidr(int minPrefix, int maxPrefix) {
        return new ValueType<>("IPv4 address/prefix (/" + minPrefix + " to /" + maxPrefix + ")", text -> {
            Cidr cidr = ipv4Cidr(text, minPrefix, maxPrefix);
            // /31 and /32 have no network or broadcast address (RFC 3021).
            String host = "a host address inside its subnet (e.g. " + Ipv4.of(cidr.network()).plus(1) + "/"
                    + cidr.prefixLength() + ")";
            if (cidr.prefixLength() <= 30 && cidr.address().equals(cidr.network())) {
                throw new InvalidValue(host, "the network address");
            }
            if (cidr.prefixLength() <= 30 && cidr.address().equals(cidr.last())) {
                throw new InvalidValue(host, "the broadcast address");
            }
            return cidr;
        });
    }

    /** A network "a.b.c.d/n" with n in range and no host bits set, such as a pool of LAN prefixes. */
    public static ValueType<Cidr> ipv4Network(int minPrefix, int maxPrefix) {
        return new ValueType<>("IPv4 network/prefix (/" + minPrefix + " to /" + maxPrefix + ")", text -> {
            Cidr cidr = ipv4Cidr(text, minPrefix, maxPrefix);
            if (!cidr.address().equals(cidr.network())) {
                throw new InvalidValue("the network's first address (" + cidr.subnet() + ")", "host bits set");
            }
            return cidr;
        });
    }

    /** An IPv6 unique local network (RFC 4193, inside fc00::/7) with exactly the given prefix length. */
    public static ValueType<Cidr> ulaNetwork(int prefixLength) {
        String expected = "a unique local IPv6 network such as fd12:3456:789a::/" + prefixLength;
        return new ValueType<>("IPv6 ULA network/" + prefixLength, text -> {
            Cidr cidr;
            try {
                cidr = Cidr.parse(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidValue(expected, e.getMessage());
            }
            if (cidr.address().getAddress().length != 16 || (cidr.address().getAddress()[0] & 0xFE) != 0xFC) {
                throw new InvalidValue(expected, "'" + text + "', not inside fc00::/7");
            }
            if (cidr.prefixLength() != prefixLength) {
                throw new InvalidValue(expected, "/" + cidr.prefixLength());
            }
            if (!cidr.address().equals(cidr.network())) {
                throw new InvalidValue(expected + " (" + cidr.subnet() + ")", "host bits set");
            }
            return cidr;
        });
    }

    /** {@link #ipv4Cidr(String)} with a prefix length from {@code minPrefix} to {@code maxPrefix}. */
    private static Cidr ipv4Cidr(String text, int minPrefix, int maxPrefix) throws InvalidValue {
        Cidr cidr = ipv4Cidr(text);
        if (cidr.prefixLength() < minPrefix || cidr.prefixLength() > maxPrefix) {
            throw new InvalidValue("a prefix length from /" + minPrefix + " to /" + maxPrefix, "/" + cidr.prefixLength());
        }
        return cidr;
    }

    /** "a.b.c.d/n" in the strict form {@link Ipv4#parse} reads. */
    private static Cidr ipv4Cidr(String text) throws InvalidValue {
        String expected = "an address with its prefix length such as 10.42.0.1/24";
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new InvalidValue(expected, "'" + text + "' without a /prefix length");
        }
        Ipv4 address;
        try {
            address = Ipv4.parse(text.substring(0, slash));
        } catch (InvalidValue e) {
            throw new InvalidValue(expected, e.found());
        }
        String prefix = text.substring(slash + 1);
        if (!prefix.matches("[0-9]{1,2}") || Integer.parseInt(prefix) > 32) {
            throw new InvalidValue(expected, "prefix length '" + prefix + "', which is not a number from 0 to 32");
        }
        return new Cidr(address.toInetAddress(), Integer.parseInt(prefix));
    }

    public static ValueType<Ipv4Range> ipv4Range() {
        return new ValueType<>("IPv4 range START-END", Ipv4Range::parse);
    }

    /** A Linux interface name, by {@link InterfaceName}'s rule. */
    public static ValueType<String> interfaceName() {
        return new ValueType<>("interface name", text -> {
            Optional<String> problem = InterfaceName.problem(text);
            if (problem.isPresent()) {
                throw new InvalidValue(InterfaceName.EXPECTED, problem.get());
            }
            return text;
        });
    }

    /** A hostname (RFC 1123) of at most {@code maxLength} characters; letters are folded to lowercase. */
    public static ValueType<String> hostname(int maxLength) {
        String expected = "a hostname of at most " + maxLength + " letters, digits and '-' (labels of 1 to 63,"
                + " separated by '.'), such as infoshop-1";
        return new ValueType<>("hostname", text -> {
            if (text.length() > maxLength) {
                throw new InvalidValue(expected, "'" + text + "' (" + text.length() + " characters)");
            }
            return checkHostname(text, expected);
        });
    }

    static String checkHostname(String text, String expected) throws InvalidValue {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.length() > 253) {
            throw new InvalidValue(expected, "'" + text + "' (" + text.length() + " characters)");
        }
        String[] labels = lower.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidValue(expected, "'" + text + "', whose part '" + label + "' is not a valid label");
            }
        }
        if (Arrays.stream(labels).allMatch(l -> l.matches("[0-9]+"))) {
            // All-numeric names are IPv4 addresses to every resolver (RFC 1123 section 2.1).
            try {
                Ipv4.parse(lower);
            } catch (InvalidValue e) {
                throw new InvalidValue(expected, e.found());
            }
        }
        return lower;
    }

    /** A server's name: a hostname, or an IPv4 or IPv6 address (letters folded to lowercase). */
    public static ValueType<String> host() {
        String expected = "a hostname or an IP address, such as pool.ntp.org, 192.0.2.123 or 2001:db8::123";
        return new ValueType<>("hostname or IP address", text -> {
            if (text.contains(":")) {
                return parseIp(text).getHostAddress();
            }
            return checkHostname(text, expected);
        });
    }

    /** A word matching {@code regex}, described for people by {@code description}. */
    public static ValueType<String> word(String name, String regex, String description) {
        Pattern pattern = Pattern.compile(regex);
        return new ValueType<>(name, text -> {
            if (!pattern.matcher(text).matches()) {
                throw new InvalidValue(description, "'" + text + "'");
            }
            return text;
        });
    }

    /** Like {@link #word}, but an error never repeats the text: it is a secret such as a password. */
    public static ValueType<String> secret(String name, String regex, String description) {
        Pattern pattern = Pattern.compile(regex);
        return new ValueType<>(name, text -> {
            if (!pattern.matcher(text).matches()) {
                throw new InvalidValue(description, text.length() + " characters, not all of them allowed (not shown)");
            }
            return text;
        });
    }

    /** An absolute path on the device, such as /boot/authorized_keys. */
    public static ValueType<String> absolutePath() {
        return word("absolute path", "/[A-Za-z0-9._/-]{1,200}",
                "an absolute path of letters, digits, '.', '_', '-' and '/', such as /boot/authorized_keys");
    }

    /** yes or no, for switches whose question reads naturally that way (wan.uplink). */
    public static ValueType<Boolean> yesNo() {
        return new ValueType<>("yes or no", text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new InvalidValue("yes or no", "'" + text + "'");
        });
    }

    /** {@code host:port}, the port required; an IPv6 address in brackets. */
    public static ValueType<HostPort> hostPort() {
        String expected = "a host and port such as vpn.example.org:51820, 192.0.2.7:51820 or [2001:db8::7]:51820";
        return new ValueType<>("host:port", text -> HostPort.parse(text, expected, OptionalInt.empty()));
    }

    /** A WireGuard public key: base64 of 32 bytes, as {@code wg pubkey} or {@code lowernet tunnel-key} print it. */
    public static ValueType<WgPublicKey> wireguardPublicKey() {
        String expected = "a WireGuard public key: 44 characters of base64 ending in '=', the other node's,"
                + " as lowernet tunnel-key or wg pubkey prints it";
        return new ValueType<>("WireGuard public key", text -> {
            try {
                return WgPublicKey.parse(text);
            } catch (IllegalArgumentException e) {
                // The parser's message up to its explanation, which "expected" already gives.
                String problem = e.getMessage().split(" \\(|:")[0];
                throw new InvalidValue(expected, "a value that " + (problem.startsWith("not") ? "is " : "") + problem);
            }
        });
    }

    /** true or false. */
    public static ValueType<Boolean> bool() {
        return new ValueType<>("true or false", text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidValue("true or false", "'" + text + "'");
        });
    }

    /** "30s", "10m", "12h", "1d": one number and one unit, between {@code min} and {@code max}. */
    public static ValueType<Duration> duration(Duration min, Duration max) {
        String range = format(min) + " to " + format(max);
        return new ValueType<>("duration (" + range + ")", text -> {
            String expected = "a duration from " + range + " written as a number and s, m, h or d, such as 12h";
            Matcher m = DURATION.matcher(text);
            if (!m.matches()) {
                throw new InvalidValue(expected, "'" + text + "'");
            }
            long n = Long.parseLong(m.group(1));
            Duration value = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new InvalidValue(expected, text + ", which is out of range");
            }
            return value;
        });
    }

    /** The shortest exact form: 12h rather than 43200s. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s == 0) {
            return "0s";
        }
        return s % 86400 == 0 ? s / 86400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** A URL with one of the schemes in {@code defaultPorts} (scheme to default port, in the order shown). */
    public static ValueType<ServiceUrl> url(Map<String, Integer> defaultPorts) {
        Map<String, Integer> ports = new LinkedHashMap<>(defaultPorts);
        return new ValueType<>("URL (" + ports.keySet().stream().map(s -> s + "://").collect(Collectors.joining(" "))
                + ")", text -> ServiceUrl.parse(text, ports));
    }

    /** One of the enum's constants, written in lowercase. */
    public static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type) {
        List<String> words = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        return new ValueType<>("one of " + String.join(", ", words), text -> {
            int index = words.indexOf(text.toLowerCase(Locale.ROOT));
            if (index < 0) {
                throw new InvalidValue("one of " + String.join(", ", words), "'" + text + "'");
            }
            return type.getEnumConstants()[index];
        });
    }

    public static ValueType<Integer> integer(int min, int max) {
        return new ValueType<>("integer (" + min + " to " + max + ")", text -> {
            String expected = "a whole number from " + min + " to " + max;
            if (!text.matches("-?[0-9]{1,10}")) {
                throw new InvalidValue(expected, "'" + text + "'");
            }
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new InvalidValue(expected, text + ", which is out of range");
            }
            return (int) value;
        });
    }

    /** BCM GPIO numbers on the 40-pin header that another function owns, with the reason a person can act on. */
    private static final Map<Integer, String> RESERVED_GPIO = Map.of(
            0, "the HAT EEPROM's ID_SD line (header pin 27), reserved for identifying HATs",
            1, "the HAT EEPROM's ID_SC line (header pin 28), reserved for identifying HATs",
            14, "the UART's TXD (header pin 8), which carries the serial console",
            15, "the UART's RXD (header pin 10), which carries the serial console");
    /** The 40-pin header brings out BCM GPIO 0 to 27 (Raspberry Pi hardware documentation, "GPIO and the 40-pin header"). */
    private static final int HEADER_GPIO_LAST = 27;

    /** A BCM GPIO number on the 40-pin header that lowernet may drive: 2 to 27, not the UART's 14 and 15. */
    public static ValueType<Integer> headerGpio() {
        String expected = "a BCM GPIO number of the 40-pin header from 2 to " + HEADER_GPIO_LAST + ", not 14 or 15"
                + " (BCM numbers, not header pin numbers: GPIO 17 is header pin 11)";
        return new ValueType<>("BCM GPIO number (2 to 27, not 14 or 15)", text -> {
            if (!text.matches("[0-9]{1,3}")) {
                throw new InvalidValue(expected, "'" + text + "'");
            }
            int gpio = Integer.parseInt(text);
            if (RESERVED_GPIO.containsKey(gpio)) {
                throw new InvalidValue(expected, gpio + ", " + RESERVED_GPIO.get(gpio));
            }
            if (gpio > HEADER_GPIO_LAST) {
                throw new InvalidValue(expected, gpio + ", which is not on the 40-pin header (GPIO 0 to "
                        + HEADER_GPIO_LAST + " are)");
            }
            return gpio;
        });
    }

    /** {@code type}, or nothing after "=" for none: board.conf's "leds.status =" on a board without that LED. */
    public static <T> ValueType<Optional<T>> orNone(ValueType<T> type) {
        return new ValueType<>(type.name() + " or nothing",
                text -> text.isEmpty() ? Optional.empty() : Optional.of(type.parse(text)));
    }

    /** "never", "always" or a daily window "HH:MM-HH:MM". */
    public static ValueType<QuietHours> quietHours() {
        return new ValueType<>("never, always or HH:MM-HH:MM", QuietHours::parse);
    }

    /** How the values of a list are set apart: commas in lowernet.conf, spaces or semicolons in board.conf. */
    public enum Separator {
        COMMA(",", "comma-separated", "commas"),
        SEMICOLON(";", "semicolon-separated", "semicolons"),
        SPACE("\\s+", "space-separated", "spaces");

        private final String regex;
        private final String adjective;
        private final String plural;

        Separator(String regex, String adjective, String plural) {
            this.regex = regex;
            this.adjective = adjective;
            this.plural = plural;
        }
    }

    /**
     * {@code min} to {@code max} values of {@code element}, set apart by {@code separator}; {@code plural}
     * names them. Nothing at all (board.conf's "dtbs =") is no values.
     */
    public static <T> ValueType<List<T>> listOf(ValueType<T> element, String plural, Separator separator, int min,
                                                int max) {
        return new ValueType<>(min + " to " + max + " " + separator.adjective + " " + plural, text -> {
            String[] parts = text.isBlank() ? new String[0] : text.strip().split(separator.regex, -1);
            if (parts.length < min || parts.length > max) {
                throw new InvalidValue(min + " to " + max + " values separated by " + separator.plural,
                        parts.length + " values");
            }
            List<T> values = new ArrayList<>();
            for (String part : parts) {
                values.add(element.parse(part.strip()));
            }
            return List.copyOf(values);
        });
    }
}
