package org.lowernet.runtime.ip;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address with a prefix length: an interface address ("10.42.0.1/24", the address and the
 * subnet it sits in) or a route destination ("0.0.0.0/0"). The one CIDR type of lowernet.conf, the
 * runtime's desired and observed network state and the DHCP leases.
 */
public record Cidr(InetAddress address, int prefixLength) {

    /** Linux's address families (include/linux/socket.h), as rtnetlink messages carry them. */
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    public Cidr {
        int max = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " of " + address.getHostAddress()
                    + " is outside 0.." + max);
        }
    }

    /** Parses {@code 198.51.100.1/24} or {@code 2001:db8::1/64}; literals only, never a DNS lookup. */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not an address/prefix such as 198.51.100.1/24");
        }
        String host = text.substring(0, slash);
        if (!host.matches("[0-9a-fA-F.:]+")) {
            throw new IllegalArgumentException("'" + host + "' in '" + text + "' is not an IPv4 or IPv6 literal");
        }
        try {
            return new Cidr(InetAddress.getByName(host), Integer.parseInt(text.substring(slash + 1)));
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address/prefix: " + e.getMessage(), e);
        }
    }

    /** {@code 0.0.0.0/0} or {@code ::/0}: the default route's destination in {@code family} (AF_INET, AF_INET6). */
    public static Cidr defaultRoute(int family) {
        return new Cidr(address(new byte[family == AF_INET ? 4 : 16]), 0);
    }

    public int family() {
        return address instanceof Inet4Address ? AF_INET : AF_INET6;
    }

    public boolean isDefault() {
        return prefixLength == 0;
    }

    /** The subnet's first address, the host bits cleared: 10.42.0.0 for 10.42.0.1/24. */
    public InetAddress network() {
        return address(hostBits(address.getAddress(), false));
    }

    /** The subnet's last address, the host bits set: IPv4's broadcast address, 10.42.0.255 for 10.42.0.1/24. */
    public InetAddress last() {
        return address(hostBits(address.getAddress(), true));
    }

    /** Whether {@code other} lies in this subnet; an address of the other family never does. */
    public boolean contains(InetAddress other) {
        return Arrays.equals(hostBits(other.getAddress(), false), hostBits(address.getAddress(), false));
    }

    /** Whether the two subnets share an address: then one contains the other. */
    public boolean overlaps(Cidr other) {
        return contains(other.network()) || other.contains(network());
    }

    /** The subnet alone, "10.42.0.0/24", for messages. */
    public String subnet() {
        return text(network()) + "/" + prefixLength;
    }

    /** {@code bytes} with the bits after the prefix all cleared or all set. */
    private byte[] hostBits(byte[] bytes, boolean set) {
        for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
            int mask = 0x80 >>> (bit % 8);
            bytes[bit / 8] = (byte) (set ? bytes[bit / 8] | mask : bytes[bit / 8] & ~mask);
        }
        return bytes;
    }

    /** An address of the family the length says; 16 bytes stay IPv6 even when they are ::ffff:a.b.c.d. */
    private static InetAddress address(byte[] bytes) {
        try {
            return bytes.length == 4 ? InetAddress.getByAddress(bytes) : Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    @Override
    public String toString() {
        return text(address) + "/" + prefixLength;
    }

    /** The address as {@code ip} prints it: IPv6 in the RFC 5952 form (longest zero run as "::"). */
    public static String text(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
