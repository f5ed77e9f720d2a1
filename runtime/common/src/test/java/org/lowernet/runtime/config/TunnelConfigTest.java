package org.lowernet.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.wgkey.WgPrivateKey;
import org.lowernet.runtime.wgkey.WgPublicKey;

/** The tunnel.NAME.* keys and wan.uplink: values, defaults and the rules between them. */
class TunnelConfigTest {

    private static final String KEY_A = WgPrivateKey.generate().publicKey().base64();
    private static final String KEY_B = WgPrivateKey.generate().publicKey().base64();

    @Test
    void anEmptyFileHasNoTunnelsAndSharesItsUplink() {
        LowernetConfig config = ConfigTesting.valid("");
        assertEquals(List.of(), config.tunnels());
        assertTrue(config.wan().uplink());
    }

    @Test
    void tunnelsInNameOrderWithTheirDefaults() {
        LowernetConfig config = ConfigTesting.valid("""
                tunnel.valley.public_key = %s
                tunnel.valley.listen_port = 51821
                tunnel.hill-top.peer = [2001:DB8::7]:51820
                tunnel.hill-top.public_key = %s
                """.formatted(KEY_A, KEY_B));
        assertEquals(List.of(
                new TunnelConfig("hill-top", Optional.of(new HostPort("2001:DB8::7", 51820)), WgPublicKey.parse(KEY_B),
                        OptionalInt.empty(), Duration.ofSeconds(25)),
                new TunnelConfig("valley", Optional.empty(), WgPublicKey.parse(KEY_A), OptionalInt.of(51821),
                        Duration.ZERO)), config.tunnels());
        assertEquals("[2001:DB8::7]:51820", config.tunnels().getFirst().peer().orElseThrow().toString());
        assertTrue(config.summary().contains("tunnels hill-top to [2001:DB8::7]:51820, keepalive 25s | valley (listens"
                + " only), port 51821, keepalive off"), config.summary());
    }

    @Test
    void keepaliveZeroTurnsItOffAndAHostnamePeerKeepsItsName() {
        TunnelConfig tunnel = ConfigTesting.valid("""
                tunnel.hilltop.peer = VPN.example.org:4500
                tunnel.hilltop.public_key = %s
                tunnel.hilltop.keepalive = 0s
                """.formatted(KEY_A)).tunnels().getFirst();
        assertEquals(Duration.ZERO, tunnel.keepalive());
        assertEquals(new HostPort("vpn.example.org", 4500), tunnel.peer().orElseThrow());
    }

    @Test
    void aMalformedKeyNamesItsLineAndTheFix() {
        String notBase64 = ConfigTesting.oneError("tunnel.hilltop.peer = 192.0.2.7:51820\n"
                + "tunnel.hilltop.public_key = not-a-key!\n", 2);
        assertTrue(notBase64.startsWith("lowernet.conf:2: tunnel.hilltop.public_key = not-a-key!: expected a WireGuard"
                + " public key: 44 characters of base64"), notBase64);
        assertTrue(notBase64.endsWith("found a value that is not base64"), notBase64);

        String tooLong = ConfigTesting.oneError("tunnel.hilltop.public_key = "
                + Base64.getEncoder().encodeToString(new byte[33]) + "\ntunnel.hilltop.listen_port = 51820\n", 1);
        assertTrue(tooLong.endsWith("found a value that decodes to 33 bytes, a WireGuard key has 32"), tooLong);
    }

    @Test
    void portsOutOfRangeOrTakenByLowernet() {
        String zero = ConfigTesting.oneError("tunnel.hilltop.public_key = %s\ntunnel.hilltop.listen_port = 0"
                .formatted(KEY_A), 2);
        assertTrue(zero.contains("expected a whole number from 1 to 65535, found 0, which is out of range"), zero);
        String babel = ConfigTesting.oneError("tunnel.hilltop.public_key = %s\ntunnel.hilltop.listen_port = 6696"
                .formatted(KEY_A), 2);
        assertTrue(babel.endsWith("found 6696, the port of babel"), babel);
        String peerPort = ConfigTesting.oneError("tunnel.hilltop.public_key = %s\ntunnel.hilltop.peer = h.example:70000"
                .formatted(KEY_A), 2);
        assertTrue(peerPort.endsWith("found port '70000', which is not a number from 1 to 65535"), peerPort);
    }

    @Test
    void malformedPeers() {
        for (String[] bad : new String[][] {
                {"2001:db8::7:51820", "write an IPv6 address in brackets"},
                {"[2001:db8::7:51820", "'[' without ']'"},
                {"[192.0.2.7]:51820", "which is not an IPv6 address"},
                {"[2001:db8::7]51820", "after the IPv6 address"},
                {"vpn_1.example.org:51820", "is not a valid label"},
                {"vpn.example.org:", "port ''"},
                {"192.0.2.7", "without a :port"}}) {
            String message = ConfigTesting.oneError("tunnel.hilltop.public_key = " + KEY_A
                    + "\ntunnel.hilltop.peer = " + bad[0], 2);
            assertTrue(message.contains("expected a host and port such as vpn.example.org:51820"), message);
            assertTrue(message.contains(bad[1]), bad[0] + " → " + message);
        }
    }

    @Test
    void tunnelNamesAreUsableInterfaceNames() {
        for (String name : new String[] {"Hilltop", "-hill", "hill.top", "a23456789012345x", "hill/top"}) {
            String message = ConfigTesting.oneError("tunnel." + name + ".public_key = " + KEY_A, 1);
            assertTrue(message.contains("expected a tunnel name of 1 to 15 lowercase letters"), message);
        }
        assertEquals("a23456789012345", ConfigTesting.valid("tunnel.a23456789012345.public_key = %s\n"
                .formatted(KEY_A) + "tunnel.a23456789012345.listen_port = 51820").tunnels().getFirst().name());
    }

    @Test
    void aTunnelNamedLikeAnInterfaceWithARole() {
        String message = ConfigTesting.oneError("""
                interface.wg0.role = mesh
                tunnel.wg0.peer = 192.0.2.7:51820
                tunnel.wg0.public_key = %s
                """.formatted(KEY_A), 2);
        assertTrue(message.endsWith("found interface.wg0.role on line 1 too; rename the tunnel (every tunnel.wg0.* key)"),
                message);
    }

    @Test
    void aTunnelCannotBeTheLoopback() {
        String message = ConfigTesting.oneError("tunnel.lo.public_key = %s\ntunnel.lo.listen_port = 51820"
                .formatted(KEY_A), 1);
        assertTrue(message.endsWith("found lo, the loopback interface every Linux has; rename the tunnel"
                + " (every tunnel.lo.* key)"), message);
    }

    @Test
    void aTunnelWithoutPublicKeyOrWithoutPeerAndPort() {
        String noKey = ConfigTesting.oneError("\ntunnel.hilltop.peer = 192.0.2.7:51820", 2);
        assertTrue(noKey.contains("expected tunnel.hilltop.public_key as well"), noKey);
        assertTrue(noKey.contains("add it, e.g. tunnel.hilltop.public_key = "), noKey);

        String neither = ConfigTesting.oneError("tunnel.hilltop.keepalive = 10s\ntunnel.hilltop.public_key = " + KEY_A,
                1);
        assertTrue(neither.contains("expected tunnel.hilltop.peer (where the other node listens) or"
                + " tunnel.hilltop.listen_port"), neither);
    }

    @Test
    void oneBadKeyIsOneErrorNotACascade() {
        // The public key's line is wrong; "no public key" would only repeat it.
        ConfigTesting.oneError("tunnel.hilltop.peer = 192.0.2.7:51820\ntunnel.hilltop.public_key = abc=", 2);
        ConfigTesting.oneError("tunnel.hilltop.public_key = %s\ntunnel.hilltop.peer = nowhere".formatted(KEY_A), 2);
    }

    @Test
    void twoTunnelsOnOneListenPort() {
        String message = ConfigTesting.oneError("""
                tunnel.hill.public_key = %s
                tunnel.hill.listen_port = 51820
                tunnel.vale.public_key = %s
                tunnel.vale.listen_port = 51820
                """.formatted(KEY_A, KEY_B), 4);
        assertTrue(message.endsWith("found port 51820 as in tunnel.hill.listen_port on line 2; pick another port"),
                message);
    }

    @Test
    void wanUplinkNoNeedsATunnel() {
        String message = ConfigTesting.oneError("\nwan.uplink = no\n", 2);
        assertTrue(message.contains("with wan.uplink = no the WAN carries only this router's tunnels"), message);
        assertTrue(message.endsWith("found no tunnel; add one, or comment this line out to share the uplink"), message);
        // A side that only listens is enough: the other nodes dial in.
        LowernetConfig listening = ConfigTesting.valid("wan.uplink = no\ntunnel.hill.public_key = %s\n"
                .formatted(KEY_A) + "tunnel.hill.listen_port = 51820");
        assertFalse(listening.wan().uplink());
        assertTrue(listening.summary().contains("not shared (tunnels only)"), listening.summary());
        assertTrue(ConfigTesting.valid("wan.uplink = yes").wan().uplink());
    }

    @Test
    void withoutTheUplinkATunnelsPeerMustBeAnAddress() {
        String message = ConfigTesting.oneError("wan.uplink = no\ntunnel.hill.public_key = %s\n".formatted(KEY_A)
                + "tunnel.hill.peer = vpn.example.org:51820\n", 3);
        assertTrue(message.contains("an IP address with wan.uplink = no (line 1)"), message);
        assertTrue(message.endsWith("found the name vpn.example.org; give the peer's address"), message);
        assertFalse(ConfigTesting.valid("wan.uplink = no\ntunnel.hill.public_key = %s\n".formatted(KEY_A)
                + "tunnel.hill.peer = 198.51.100.7:51820").wan().uplink());
        assertTrue(ConfigTesting.valid("tunnel.hill.public_key = %s\n".formatted(KEY_A)
                + "tunnel.hill.peer = vpn.example.org:51820").wan().uplink(), "a name is fine with the uplink");
    }
}
