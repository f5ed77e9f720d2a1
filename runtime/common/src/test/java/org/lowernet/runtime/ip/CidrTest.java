package org.lowernet.runtime.ip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void printsAsIpDoes() {
        for (String text : new String[] {"198.51.100.1/24", "2001:db8::1/64", "::/0", "2001:db8:0:1::/64",
                "fe80::1031:abff:fec3:8cda/64", "2001:db8::1:0:0:1/128", "2001:0:1:0:1:0:1:0/128", "0.0.0.0/0"}) {
            assertEquals(text, Cidr.parse(text).toString());
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("198.51.100.1"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("198.51.100.1/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.org/24"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("2001:db8::1/129"));
    }

    @Test
    void ipv4SubnetsHaveANetworkALastAddressAndOverlap() throws Exception {
        Cidr cidr = Cidr.parse("10.42.7.9/20");

        assertEquals("10.42.0.0/20", cidr.subnet());
        assertEquals(InetAddress.getByName("10.42.0.0"), cidr.network());
        assertEquals(InetAddress.getByName("10.42.15.255"), cidr.last());
        assertTrue(cidr.contains(InetAddress.getByName("10.42.15.1")));
        assertFalse(cidr.contains(InetAddress.getByName("10.42.16.1")));
        assertFalse(cidr.contains(InetAddress.getByName("2001:db8::1")), "an address of the other family");
        assertTrue(cidr.overlaps(Cidr.parse("10.42.3.1/24")));
        assertTrue(Cidr.parse("10.0.0.1/8").overlaps(cidr));
        assertFalse(cidr.overlaps(Cidr.parse("10.42.16.1/24")));
        assertEquals(Cidr.AF_INET, cidr.family());
        assertFalse(cidr.isDefault());
    }

    @Test
    void ipv6SubnetsStayIpv6() throws Exception {
        Cidr cidr = Cidr.parse("2001:db8:0:7::1/64");

        assertEquals("2001:db8:0:7::/64", cidr.subnet());
        assertEquals("2001:db8:0:7:ffff:ffff:ffff:ffff", Cidr.text(cidr.last()));
        assertTrue(cidr.contains(InetAddress.getByName("2001:db8:0:7:abcd::1")));
        assertFalse(cidr.contains(InetAddress.getByName("2001:db8:0:8::1")));
        assertFalse(cidr.contains(InetAddress.getByName("10.42.0.1")));
        assertEquals(Cidr.AF_INET6, cidr.family());
        // An IPv4-mapped network is still an IPv6 address, not the IPv4 address it maps.
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 42, 0, 1};
        Cidr v4mapped = new Cidr(Inet6Address.getByAddress(null, mapped, -1), 96);
        assertTrue(v4mapped.network() instanceof Inet6Address, v4mapped.network().toString());
        assertEquals("::ffff:0:0/96", v4mapped.subnet());
        assertTrue(Cidr.defaultRoute(Cidr.AF_INET6).isDefault());
        assertEquals("0.0.0.0/0", Cidr.defaultRoute(Cidr.AF_INET).toString());
    }
}
