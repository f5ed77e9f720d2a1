package org.lowernet.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lowernet.runtime.ip.Cidr;

/** The value types on their own, including those no key uses yet (URL, integer). */
class ValueTypesTest {

    private static final ValueType<ServiceUrl> MQTT = ValueTypes.url(mqttPorts());

    private static Map<String, Integer> mqttPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("tcp", 1883);
        ports.put("ssl", 8883);
        return ports;
    }

    @ParameterizedTest
    @CsvSource({
            "tcp://broker.example.org, tcp, broker.example.org, 1883",
            "ssl://broker.example.org, ssl, broker.example.org, 8883",
            "SSL://Broker.Example.ORG:8884/, ssl, broker.example.org, 8884",
            "tcp://192.0.2.7:1884, tcp, 192.0.2.7, 1884",
            "tcp://[2001:db8::7]:1885, tcp, 2001:db8::7, 1885",
            "ssl://[2001:db8::7], ssl, 2001:db8::7, 8883",
    })
    void urlsGiveSchemeHostAndPort(String text, String scheme, String host, int port) throws InvalidValue {
        assertEquals(new ServiceUrl(scheme, host, port), MQTT.parse(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "broker.example.org | without a scheme://",
            "http://broker.example.org | scheme 'http'",
            "tcp://user:secret@broker.example.org | a user name or password",
            "tcp://broker.example.org/topic | a path, query or fragment",
            "tcp://broker.example.org:0 | port '0'",
            "tcp://broker.example.org:65536 | port '65536'",
            "tcp://broker.example.org:mqtt | port 'mqtt'",
            "tcp://[2001:db8::7 | without ']'",
            "tcp://[192.0.2.7] | not an IPv6 address",
            "tcp://bro_ker | not a valid label",
            "tcp://300.1.1.1 | not a number from 0 to 255",
            "tcp:// | (0 characters)",
    })
    void badUrlsSayWhatIsWrong(String text, String found) {
        InvalidValue e = assertThrows(InvalidValue.class, () -> MQTT.parse(text));
        assertTrue(e.found().contains(found), e.getMessage());
        assertTrue(e.expected().startsWith("a URL tcp:// or ssl:// followed by host[:port]"), e.getMessage());
        assertEquals("URL (tcp:// ssl://)", MQTT.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "a.b.c.d", "1.2.3.4 ", ""})
    void ipv4IsStrictDottedQuad(String text) {
        assertThrows(InvalidValue.class, () -> Ipv4.parse(text));
    }

    @Test
    void ipv4RoundTripsAndComputesSubnets() throws InvalidValue {
        assertEquals("255.0.10.1", Ipv4.parse("255.0.10.1").toString());
        Cidr cidr = ValueTypes.hostCidr(8, 30).parse("10.42.7.9/20");
        assertEquals("10.42.0.0/20", cidr.subnet());
        assertEquals("10.42.15.255", Ipv4.of(cidr.last()).toString());
        assertTrue(cidr.overlaps(ValueTypes.hostCidr(8, 30).parse("10.42.3.1/24")));
        assertTrue(!cidr.overlaps(ValueTypes.hostCidr(8, 30).parse("10.42.16.1/24")));
        assertEquals("10.42.0.1", Ipv4.parse("10.42.0.1").toInetAddress().getHostAddress());
        assertEquals(Ipv4.parse("10.42.7.9"), Ipv4.of(cidr.address()));
    }

    @Test
    void ipAddressesNeverResolveNames() throws InvalidValue {
        assertTrue(ValueTypes.ipAddress().parse("192.0.2.1") instanceof Inet4Address);
        assertTrue(ValueTypes.ipAddress().parse("2001:db8::1") instanceof Inet6Address);
        for (String bad : new String[] {"localhost", "example.org", "2001:db8::1%eth0", "2001:db8:::1", "1::2::3"}) {
            assertThrows(InvalidValue.class, () -> ValueTypes.ipAddress().parse(bad), bad);
        }
    }

    @ParameterizedTest
    @CsvSource({"10.42.0.1/31, /31", "10.42.0.255/24, the broadcast address", "10.42.0.0/24, the network address",
            "10.42.0.1/33, prefix length '33'", "10.42.0.1/7, /7"})
    void hostCidrsRefuseWhatIsNotAHost(String text, String found) {
        InvalidValue e = assertThrows(InvalidValue.class, () -> ValueTypes.hostCidr(8, 30).parse(text));
        assertTrue(e.found().contains(found), e.getMessage());
    }

    @Test
    void interfaceNamesFollowLinux() throws InvalidValue {
        ValueType<String> type = ValueTypes.interfaceName();
        assertEquals("enx0123456789ab", type.parse("enx0123456789ab"));
        assertEquals("eth0.100", type.parse("eth0.100"));
        for (String bad : new String[] {"", ".", "..", "eth/0", "eth 0", "eth0:1", "enx0123456789abc"}) {
            assertThrows(InvalidValue.class, () -> type.parse(bad), bad);
        }
    }

    @Test
    void hostnamesFollowRfc1123() throws InvalidValue {
        ValueType<String> type = ValueTypes.hostname(64);
        assertEquals("infoshop-1.riverside", type.parse("Infoshop-1.Riverside"));
        assertEquals("1st-floor", type.parse("1st-floor"));
        for (String bad : new String[] {"-a", "a-", "a..b", "a_b", "ä", "a".repeat(64) + ".b", "1.2.3", "a".repeat(65)}) {
            assertThrows(InvalidValue.class, () -> type.parse(bad), bad);
        }
    }

    @Test
    void serverHostsAreHostnamesOrAddresses() throws InvalidValue {
        ValueType<String> type = ValueTypes.host();
        assertEquals("pool.ntp.org", type.parse("Pool.NTP.org"));
        assertEquals("192.0.2.123", type.parse("192.0.2.123"));
        assertEquals("2001:db8:0:0:0:0:0:123", type.parse("2001:db8::123"));
        assertEquals("'300' in '192.0.2.300', which is not a number from 0 to 255 without leading zeros",
                assertThrows(InvalidValue.class, () -> type.parse("192.0.2.300")).found());
        assertTrue(assertThrows(InvalidValue.class, () -> type.parse("2001:db8::zz")).found()
                .contains("has characters no IPv6 address has"));
        assertTrue(assertThrows(InvalidValue.class, () -> type.parse("ntp_1.example")).found()
                .contains("is not a valid label"));
    }

    @Test
    void durationsHaveOneUnitAndARange() throws InvalidValue {
        ValueType<Duration> type = ValueTypes.duration(Duration.ofMinutes(2), Duration.ofDays(30));
        assertEquals(Duration.ofSeconds(3600), type.parse("3600s"));
        assertEquals(Duration.ofMinutes(2), type.parse("2m"));
        assertEquals(Duration.ofDays(30), type.parse("30d"));
        for (String bad : new String[] {"119s", "31d", "12", "h", "1h30m", "1.5h", "-1h", "12H", "99999999d"}) {
            assertThrows(InvalidValue.class, () -> type.parse(bad), bad);
        }
        assertEquals("12h", ValueTypes.format(Duration.ofSeconds(43200)));
        assertEquals("90s", ValueTypes.format(Duration.ofSeconds(90)));
    }

    @Test
    void integersHaveARange() throws InvalidValue {
        ValueType<Integer> type = ValueTypes.integer(1, 10);
        assertEquals(10, type.parse("10"));
        assertEquals("a whole number from 1 to 10", assertThrows(InvalidValue.class, () -> type.parse("11")).expected());
        for (String bad : new String[] {"0", "x", "1.0", "99999999999", ""}) {
            assertThrows(InvalidValue.class, () -> type.parse(bad), bad);
        }
    }

    @Test
    void enumsAreLowercaseWordsInAnyCase() throws InvalidValue {
        assertEquals(WanMode.STATIC, ValueTypes.oneOf(WanMode.class).parse("Static"));
        assertEquals("one of dhcp, static",
                assertThrows(InvalidValue.class, () -> ValueTypes.oneOf(WanMode.class).parse("pppoe")).expected());
    }

    @Test
    void defaultNodeNamesComeFromTheSerial() {
        assertEquals("lowernet-a1b2c3", NodeConfig.defaultNodeName(Optional.of("00000000a1b2c3")));
        assertEquals("lowernet-abcdef", NodeConfig.defaultNodeName(Optional.of("10000000ABCDEF\0")));
        assertEquals("lowernet-3f", NodeConfig.defaultNodeName(Optional.of("3f")));
        assertEquals("lowernet", NodeConfig.defaultNodeName(Optional.of("0000000000000000")));
        assertEquals("lowernet", NodeConfig.defaultNodeName(Optional.empty()));
        assertEquals("lowernet-a1b2c3", NodeConfig.defaults().name(Optional.of("a1b2c3")));
        assertEquals("x", new NodeConfig(Optional.of("x"), Optional.empty(), Optional.empty()).name(Optional.of("a1b2c3")));
    }
}
