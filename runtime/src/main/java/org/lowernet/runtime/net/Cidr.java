package org.lowernet.runtime.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;

/** An IPv4 or IPv6 address with a prefix length: an interface address or a route destination. */
public record Cidr(InetAddress address, int prefixLength) {

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
        try {
            return new Cidr(InetAddress.getByAddress(new byte[family == LinuxRtnetlink.AF_INET ? 4 : 16]), 0);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public int family() {
        return address instanceof Inet4Address ? LinuxRtnetlink.AF_INET : LinuxRtnetlink.AF_INET6;
    }

    public boolean isDefault() {
        return prefixLength == 0;
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
