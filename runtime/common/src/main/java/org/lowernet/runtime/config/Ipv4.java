package org.lowernet.runtime.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;
import java.net.UnknownHostException;
import org.lowernet.runtime.ip.Cidr;

/** An IPv4 address as its 32 bits, so subnet arithmetic is plain integer arithmetic. */
public record Ipv4(int bits) implements Comparable<Ipv4> {

    static final String EXPECTED = "an IPv4 address such as 192.168.1.1";

    /**
     * Parses strict dotted-quad notation. Leading zeros are refused: "010" means 8 to some tools
     * (inet_aton reads octal) and 10 to others, and a config must not mean two things.
     */
    public static Ipv4 parse(String text) throws InvalidValue {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidValue(EXPECTED, "'" + text + "', which has " + parts.length + " part(s), not 4");
        }
        int bits = 0;
        for (String part : parts) {
            if (!part.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(part) > 255) {
                throw new InvalidValue(EXPECTED, "'" + part + "' in '" + text
                        + "', which is not a number from 0 to 255 without leading zeros");
            }
            bits = bits << 8 | Integer.parseInt(part);
        }
        return new Ipv4(bits);
    }

    /** {@link #parse(String)} for text from a program (a lease file): empty instead of an error. */
    public static Optional<Ipv4> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (InvalidValue e) {
            return Optional.empty();
        }
    }

    /** The IPv4 address {@code address} holds; refuses an IPv6 one. */
    public static Ipv4 of(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 4) {
            throw new IllegalArgumentException(Cidr.text(address) + " is not an IPv4 address");
        }
        return new Ipv4((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff);
    }

    /** The address {@code n} places after this one (wrapping is the caller's concern). */
    public Ipv4 plus(long n) {
        return new Ipv4((int) (Integer.toUnsignedLong(bits) + n));
    }

    public long unsigned() {
        return Integer.toUnsignedLong(bits);
    }

    public Inet4Address toInetAddress() {
        byte[] bytes = {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits};
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always a valid IPv4 address", e);
        }
    }

    @Override
    public int compareTo(Ipv4 other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + (bits >>> 16 & 0xff) + "." + (bits >>> 8 & 0xff) + "." + (bits & 0xff);
    }
}
