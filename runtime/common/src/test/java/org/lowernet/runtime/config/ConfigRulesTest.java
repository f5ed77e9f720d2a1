package org.lowernet.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules between keys, each on its own. */
class ConfigRulesTest {

    private static final String STATIC = """
            wan.mode = static
            wan.address = 192.0.2.10/24
            wan.gateway = 192.0.2.1
            wan.dns = 192.0.2.53
            """;

    @Test
    void theDhcpRangeMustLieInsideTheLanSubnet() {
        assertEquals("lowernet.conf:2: lan.dhcp.range = 10.42.0.100-10.42.1.10: expected a range inside the LAN subnet"
                + " 10.42.0.0/24 (lan.address on line 1), from 10.42.0.1 to 10.42.0.254, found addresses outside it",
                ConfigTesting.oneError("lan.address = 10.42.0.1/24\nlan.dhcp.range = 10.42.0.100-10.42.1.10", 2));
        assertTrue(ConfigTesting.oneError("lan.dhcp.range = 10.42.0.0-10.42.0.20", 1)
                .contains("(the default lan.address)"));
        assertTrue(ConfigTesting.oneError("lan.dhcp.range = 10.42.0.200-10.42.0.255", 1).contains("outside"));
    }

    @Test
    void theDhcpRangeMustNotContainTheRoutersAddress() {
        assertEquals("lowernet.conf:1: lan.dhcp.range = 10.42.0.1-10.42.0.50: expected a range without the router's"
                + " own address 10.42.0.1 (the default lan.address), found a range that contains it",
                ConfigTesting.oneError("lan.dhcp.range = 10.42.0.1-10.42.0.50", 1));
    }

    @Test
    void aBadLanAddressGivesOneErrorNotACascade() {
        ConfigResult result = ConfigTesting.parse("lan.address = 10.42.0.0/24\nlan.dhcp.range = 10.42.0.1-10.42.0.9");
        assertEquals(1, result.errors().size(), ConfigTesting.messages(result));
        assertEquals("lowernet.conf:1: lan.address = 10.42.0.0/24: expected a host address inside its subnet"
                + " (e.g. 10.42.0.1/24), found the network address", result.errors().getFirst().message());
    }

    @ParameterizedTest
    @CsvSource({
            "10.42.0.1/24, 10.42.0.100-10.42.0.199",
            "10.42.0.150/24, 10.42.0.100-10.42.0.149",
            "10.42.0.120/24, 10.42.0.121-10.42.0.199",
            "172.16.5.1/16, 172.16.0.100-172.16.0.199",
            "192.168.1.1/25, 192.168.1.64-192.168.1.126",
            "192.168.1.1/29, 192.168.1.4-192.168.1.6",
            "192.168.1.5/29, 192.168.1.6-192.168.1.6",
    })
    void theDefaultDhcpRangeFollowsTheLanAddress(String lan, String range) {
        assertEquals(range, ConfigTesting.valid("lan.address = " + lan).lan().dhcpRange().toString());
    }

    @Test
    void atMostOneInterfaceIsWan() {
        assertEquals("lowernet.conf:3: interface.eth0.role = wan: expected at most one interface with role wan, found"
                + " interface.wlan0.role = wan on line 1 too; give this one role lan, mesh or off",
                ConfigTesting.oneError("interface.wlan0.role = wan\ninterface.eth1.role = lan\ninterface.eth0.role = wan", 3));
        assertEquals(2, ConfigTesting.valid("interface.eth0.role = wan\ninterface.eth1.role = lan").interfaces().size());
    }

    @Test
    void staticModeNeedsAddressGatewayAndDns() {
        ConfigResult result = ConfigTesting.parse("wan.mode = static\nwan.dns = 192.0.2.53");
        assertEquals(List.of(
                "lowernet.conf:1: wan.mode = static: expected wan.address as well, when wan.mode = static, found no"
                        + " wan.address; add it, e.g. wan.address = 192.0.2.10/24",
                "lowernet.conf:1: wan.mode = static: expected wan.gateway as well, when wan.mode = static, found no"
                        + " wan.gateway; add it, e.g. wan.gateway = 192.0.2.1"),
                result.errors().stream().map(ConfigError::message).toList());
        WanConfig wan = ConfigTesting.valid(STATIC).wan();
        assertEquals("192.0.2.10/24", wan.address().orElseThrow().toString());
        assertEquals("192.0.2.1", wan.gateway().orElseThrow().toString());
    }

    @Test
    void staticKeysInDhcpModeAreErrors() {
        assertEquals("lowernet.conf:1: wan.address = 192.0.2.10/24: expected this key only with wan.mode = static, found"
                + " wan.mode = dhcp (the default); set wan.mode = static or comment this line out",
                ConfigTesting.oneError("wan.address = 192.0.2.10/24", 1));
        assertTrue(ConfigTesting.oneError("wan.mode = dhcp\nwan.gateway = 192.0.2.1", 2)
                .contains("found wan.mode = dhcp on line 1;"));
        assertEquals(2, ConfigTesting.valid("wan.dns = 9.9.9.9, 2620:fe::fe").wan().dns().size());
    }

    @Test
    void theGatewayLiesInsideTheWanSubnetAndIsNotTheRouter() {
        String outside = STATIC.replace("192.0.2.1\n", "198.51.100.1\n");
        assertTrue(ConfigTesting.oneError(outside, 3).endsWith("expected a gateway inside the WAN subnet 192.0.2.0/24"
                + " (wan.address on line 2), found an address outside it"));
        String self = STATIC.replace("wan.gateway = 192.0.2.1", "wan.gateway = 192.0.2.10");
        assertTrue(ConfigTesting.oneError(self, 3).contains("found wan.address's own address"));
        String broadcast = STATIC.replace("wan.gateway = 192.0.2.1", "wan.gateway = 192.0.2.255");
        assertTrue(ConfigTesting.oneError(broadcast, 3).contains("outside it"));
    }

    @Test
    void lanAndWanSubnetsDoNotOverlap() {
        String text = "lan.address = 192.0.2.129/25\n" + STATIC;
        assertEquals("lowernet.conf:3: wan.address = 192.0.2.10/24: expected a WAN subnet apart from the LAN subnet"
                + " 192.0.2.128/25, found subnet 192.0.2.0/24, which overlaps it; change lan.address or wan.address",
                ConfigTesting.oneError(text, 3));
        assertTrue(ConfigTesting.valid("lan.address = 192.0.3.1/24\n" + STATIC).wan().mode() == WanMode.STATIC);
    }
}
