package org.lowernet.runtime.tunnel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.net.netlink.MessageReader;
import org.lowernet.runtime.net.netlink.NetlinkDecodeException;
import org.lowernet.runtime.net.netlink.NetlinkMessage;
import org.lowernet.runtime.wgkey.WgPrivateKey;
import org.lowernet.runtime.wgkey.WgPublicKey;

/**
 * The WireGuard family's messages against bytes spelled from include/uapi/linux/wireguard.h, linux/netlink.h and
 * linux/in.h, in.h6 (little-endian host; the family id 0x15 stands for whatever id the kernel assigns).
 */
class WireGuardMessagesTest {

    static final int FAMILY = 0x15;
    static final WgPrivateKey PRIVATE = WgPrivateKey.parse(Base64.getEncoder().encodeToString(filled(0x11)));
    static final WgPublicKey PEER = new WgPublicKey(filled(0x22));
    static final String KEY_11 = "11".repeat(32);
    static final String KEY_22 = "22".repeat(32);

    @BeforeAll
    static void littleEndianHost() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "golden bytes are written for little-endian hosts");
    }

    static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("(?m)#.*$", "").replaceAll("\\s+", ""));
    }

    @Test
    void setDeviceWithAnIpv4Endpoint() throws Exception {
        DeviceSettings settings = new DeviceSettings("wg0", PRIVATE, OptionalInt.of(51820), PEER,
                Optional.of(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 51820)), Duration.ofSeconds(25));
        assertArrayEquals(hex("""
                e8000000 1500 0000 00000000 00000000   # nlmsghdr: 232 bytes, the family's id
                01 01 0000                             # WG_CMD_SET_DEVICE, version 1
                0800 0200 77673000                     # WGDEVICE_A_IFNAME "wg0"
                2400 0300""" + KEY_11 + """
                                                       # WGDEVICE_A_PRIVATE_KEY
                0600 0600 6cca 0000                    # WGDEVICE_A_LISTEN_PORT 51820, host order
                0800 0500 01000000                     # WGDEVICE_A_FLAGS REPLACE_PEERS
                9800 0880                              # WGDEVICE_A_PEERS | NLA_F_NESTED
                9400 0080                              # peer 0 | NLA_F_NESTED
                2400 0100""" + KEY_22 + """
                                                       # WGPEER_A_PUBLIC_KEY
                0800 0300 02000000                     # WGPEER_A_FLAGS REPLACE_ALLOWEDIPS
                1400 0400 0200 ca6c c0000207 0000000000000000  # WGPEER_A_ENDPOINT sockaddr_in, port big-endian
                0600 0500 1900 0000                    # WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL 25
                4800 0980                              # WGPEER_A_ALLOWEDIPS | NLA_F_NESTED
                1c00 0080                              # allowed IP 0: 0.0.0.0/0
                0600 0100 0200 0000                    # WGALLOWEDIP_A_FAMILY AF_INET
                0800 0200 00000000                     # WGALLOWEDIP_A_IPADDR
                0500 0300 00 000000                    # WGALLOWEDIP_A_CIDR_MASK 0
                2800 0180                              # allowed IP 1: ::/0
                0600 0100 0a00 0000                    # AF_INET6
                1400 0200 00000000000000000000000000000000
                0500 0300 00 000000
                """), WireGuardMessages.setDevice(FAMILY, settings).toBytes());
    }

    @Test
    void setDeviceOfAListeningSideHasNoEndpointAndNoKeepalive() {
        DeviceSettings settings = new DeviceSettings("hilltop", PRIVATE, OptionalInt.of(51820), PEER, Optional.empty(),
                Duration.ZERO);
        byte[] bytes = WireGuardMessages.setDevice(FAMILY, settings).toBytes();
        String text = HexFormat.of().formatHex(bytes);
        assertFalse(text.contains("14000400"), "no endpoint: " + text);
        assertTrue(text.contains("0600050000000000"), "keepalive 0 (off): " + text);
        assertEquals(232 - 20 + 4, bytes.length, "the name is 4 bytes longer, the endpoint's 20 are gone");
    }

    @Test
    void setEndpointOnlyUpdatesThePeer() throws Exception {
        InetSocketAddress endpoint = new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 51820);
        assertArrayEquals(hex("""
                70000000 1500 0000 00000000 00000000   # 112 bytes
                01 01 0000                             # WG_CMD_SET_DEVICE
                0800 0200 77673000                     # "wg0"; no private key, no flags: nothing else changes
                5400 0880                              # WGDEVICE_A_PEERS
                5000 0080                              # peer 0
                2400 0100""" + KEY_22 + """
                                                       # its public key
                0800 0300 04000000                     # WGPEER_F_UPDATE_ONLY
                2000 0400 0a00 ca6c 00000000 20010db8000000000000000000000007 00000000  # sockaddr_in6
                """), WireGuardMessages.setEndpoint(FAMILY, "wg0", PEER, endpoint).toBytes());
    }

    @Test
    void getDeviceIsTheNameOnly() {
        assertArrayEquals(hex("""
                1c000000 1500 0000 00000000 00000000
                00 01 0000                             # WG_CMD_GET_DEVICE (the socket sends it as a dump)
                0800 0200 77673000
                """), WireGuardMessages.getDevice(FAMILY, "wg0").toBytes());
    }

    /** A GET_DEVICE answer as the kernel's get_device_dump writes it: device attributes, then the one peer. */
    static byte[] reply() {
        return hex("""
                70010000 1500 0200 03000000 00000000   # 368 bytes, NLM_F_MULTI
                00 01 0000                             # WG_CMD_GET_DEVICE
                0800 0100 07000000                     # WGDEVICE_A_IFINDEX 7
                0800 0200 77673000                     # "wg0"
                2400 0300""" + KEY_11 + """
                                                       # WGDEVICE_A_PRIVATE_KEY: sent back, never read
                2400 0400""" + "33".repeat(32) + """
                                                       # WGDEVICE_A_PUBLIC_KEY
                0600 0600 6cca 0000                    # listen port 51820
                0800 0700 00000000                     # WGDEVICE_A_FWMARK
                f400 0880                              # peers
                f000 0080                              # peer 0
                2400 0100""" + KEY_22 + """
                                                       # its public key
                2400 0200""" + "00".repeat(32) + """
                                                       # WGPEER_A_PRESHARED_KEY (none)
                1400 0600 88582e6900000000 0065cd1d00000000  # last handshake 1764645000.5 s
                0600 0500 1900 0000                    # keepalive 25
                0c00 0800 b168de3a00000000             # WGPEER_A_TX_BYTES 987654321
                0c00 0700 15cd5b0700000000             # WGPEER_A_RX_BYTES 123456789
                0800 0a00 01000000                     # WGPEER_A_PROTOCOL_VERSION 1
                2000 0400 0a00 ca6c 00000000 20010db8000000000000000000000007 00000000  # endpoint
                4800 0980                              # allowed IPs
                1c00 0080 0600 0100 0200 0000 0800 0200 00000000 0500 0300 00 000000
                2800 0180 0600 0100 0a00 0000 1400 0200 00000000000000000000000000000000 0500 0300 00 000000
                """);
    }

    static List<NetlinkMessage> messages(byte[] datagram) {
        return MessageReader.read(datagram, datagram.length);
    }

    @Test
    void getDeviceAnswerDecoded() throws Exception {
        TunnelState state = WireGuardMessages.decodeDevice("wg0", messages(reply()));
        assertEquals(new TunnelState("wg0", 51820,
                Optional.of(new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 51820)),
                Optional.of(Instant.ofEpochSecond(1764645000L, 500_000_000L)), 123456789L, 987654321L), state);
    }

    @Test
    void deviceWithoutPeersOrHandshake() {
        byte[] bytes = hex("""
                24000000 1500 0200 03000000 00000000
                00 01 0000
                0800 0200 77673000
                0600 0600 6cca 0000
                """);
        assertEquals(new TunnelState("wg0", 51820, Optional.empty(), Optional.empty(), 0, 0),
                WireGuardMessages.decodeDevice("wg0", messages(bytes)));
    }

    @Test
    void peersSpreadOverTwoPartsAreRead() {
        // A second part carries only more peers (the kernel splits a long list); the device's port is in the first.
        byte[] first = hex("""
                24000000 1500 0200 03000000 00000000
                00 01 0000
                0800 0200 77673000
                0600 0600 6cca 0000
                """);
        byte[] second = hex("""
                30000000 1500 0200 03000000 00000000
                00 01 0000
                0800 0200 77673000
                1400 0880 1000 0080 0c00 0700 0a00000000000000   # a peer with 10 bytes received
                """);
        TunnelState state = WireGuardMessages.decodeDevice("wg0",
                List.of(messages(first).getFirst(), messages(second).getFirst()));
        assertEquals(51820, state.listenPort());
        assertEquals(10, state.rxBytes());
    }

    @Test
    void answersThatDoNotFitAreErrors() {
        byte[] otherName = hex("""
                1c000000 1500 0200 03000000 00000000
                00 01 0000
                0800 0200 77673100
                """);
        assertTrue(assertThrows(NetlinkDecodeException.class, () -> WireGuardMessages.decodeDevice("wg0",
                messages(otherName))).getMessage().contains("the kernel answered for wg1"));
        byte[] badEndpoint = hex("""
                24000000 1500 0200 03000000 00000000
                00 01 0000
                1000 0880 0c00 0080 0800 0400 0200 ca6c   # an AF_INET sockaddr of 4 bytes
                """);
        assertTrue(assertThrows(NetlinkDecodeException.class, () -> WireGuardMessages.decodeDevice("wg0",
                messages(badEndpoint))).getMessage().contains("neither a sockaddr_in (16) nor a sockaddr_in6 (28)"));
    }

    @Test
    void sockaddrsRoundTrip() throws Exception {
        for (String address : List.of("192.0.2.7", "2001:db8::7", "fe80::1%3")) {
            InetSocketAddress endpoint = new InetSocketAddress(InetAddress.getByName(address), 443);
            byte[] request = WireGuardMessages.setEndpoint(FAMILY, "wg0", PEER, endpoint).toBytes();
            // Read it back as an answer would carry it: the peer's endpoint attribute.
            request[16] = 0; // WG_CMD_GET_DEVICE
            assertEquals(Optional.of(endpoint), WireGuardMessages.decodeDevice("wg0", messages(request)).endpoint(),
                    address);
        }
    }

    @Test
    void settingsNeverShowThePrivateKey() {
        DeviceSettings settings = new DeviceSettings("wg0", PRIVATE, OptionalInt.empty(), PEER, Optional.empty(),
                Duration.ofSeconds(25));
        assertFalse(settings.toString().contains(PRIVATE.base64()), settings.toString());
        assertTrue(settings.toString().contains("(private key)"), settings.toString());
    }

    @Test
    void keepaliveBeyondWhatTheKernelTakesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DeviceSettings("wg0",
                PRIVATE, OptionalInt.empty(), PEER, Optional.empty(), Duration.ofSeconds(65536)));
        assertTrue(e.getMessage().contains("keepalive 65536 s is outside 0..65535 s"), e.getMessage());
    }
}
