package org.lowernet.runtime.prefix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lowernet.runtime.config.Ipv4Range;
import org.lowernet.runtime.config.LanConfig;
import org.lowernet.runtime.ip.Cidr;

class MeshLanTest {

    static final Cidr ULA = Cidr.parse("fd12:3456:789a::/48");
    static final LanConfig CONFIGURED = new LanConfig(Cidr.parse("192.168.7.1/24"),
            LanConfig.defaultRange(Cidr.parse("192.168.7.1/24")), Duration.ofHours(1), "home.arpa");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "10.77.3.0/24,   3,   10.77.3.1/24,   10.77.3.100-10.77.3.199,     fd12:3456:789a:3::1/64",
            "10.77.255.0/24, 255, 10.77.255.1/24, 10.77.255.100-10.77.255.199, fd12:3456:789a:ff::1/64",
            "10.77.0.64/26,  1,   10.77.0.65/26,  10.77.0.96-10.77.0.126,      fd12:3456:789a:1::1/64",
            "10.0.255.248/29, 65535, 10.0.255.249/29, 10.0.255.252-10.0.255.254, fd12:3456:789a:ffff::1/64"})
    void theRouterIsTheFirstHostTheRangeTheDefaultAndTheSlotTheIpv6SubnetId(String prefix, long slot, String router,
                                                                            String range, String ipv6) throws Exception {
        MeshLan lan = MeshLan.automatic(Cidr.parse(prefix), slot, CONFIGURED, ULA);
        assertEquals(Cidr.parse(router), lan.lan().address());
        assertEquals(Ipv4Range.parse(range), lan.lan().dhcpRange());
        assertEquals(Duration.ofHours(1), lan.lan().dhcpLease(), "the lease as configured");
        assertEquals("home.arpa", lan.lan().domain());
        assertEquals(Optional.of(Cidr.parse(ipv6)), lan.ipv6());
        assertEquals(Cidr.parse(prefix), lan.prefix());
    }

    @Test
    void aSlotBeyondTheSubnetIdsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MeshLan.automatic(Cidr.parse("10.1.0.0/24"), 65536,
                CONFIGURED, ULA));
    }

    @Test
    void aFixedLanIsLowernetConfsWithoutIpv6() {
        assertEquals(new MeshLan(CONFIGURED, Optional.empty()), MeshLan.fixed(CONFIGURED));
        assertEquals(Cidr.parse("192.168.7.0/24"), MeshLan.fixed(CONFIGURED).prefix());
        assertEquals("192.168.7.1/24 (dhcp 192.168.7.100-192.168.7.199)", MeshLan.fixed(CONFIGURED).describe());
    }
}
