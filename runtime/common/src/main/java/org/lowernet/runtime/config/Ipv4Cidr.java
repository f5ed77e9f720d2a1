package org.lowernet.runtime.config;

/**
 * An interface address with its prefix length, "10.42.0.1/24": the address and the subnet it sits in.
 *
 * @param address the address as written (a host address for every key that uses this type)
 * @param prefix  the prefix length, 0 to 32
 */
public record Ipv4Cidr(Ipv4 address, int prefix) {

    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length " + prefix + " is outside 0..32");
        }
    }

    /** Parses "a.b.c.d/n"; callers check the prefix range and that the address is a host address. */
    public static Ipv4Cidr parse(String text) throws InvalidValue {
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
        return new Ipv4Cidr(address, Integer.parseInt(prefix));
    }

    public int mask() {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public Ipv4 network() {
        return new Ipv4(address.bits() & mask());
    }

    public Ipv4 broadcast() {
        return new Ipv4(address.bits() | ~mask());
    }

    /** The number of addresses in the subnet, network and broadcast included. */
    public long size() {
        return 1L << (32 - prefix);
    }

    public boolean contains(Ipv4 other) {
        return (other.bits() & mask()) == network().bits();
    }

    public boolean overlaps(Ipv4Cidr other) {
        return contains(other.network()) || other.contains(network());
    }

    /** The subnet alone, "10.42.0.0/24", for messages. */
    public String subnet() {
        return network() + "/" + prefix;
    }

    @Override
    public String toString() {
        return address + "/" + prefix;
    }
}
