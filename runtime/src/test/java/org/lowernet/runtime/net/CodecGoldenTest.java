package org.lowernet.runtime.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.netlink.LinuxNetlink;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;
import org.lowernet.runtime.net.netlink.MessageReader;
import org.lowernet.runtime.net.netlink.NetlinkError;
import org.lowernet.runtime.net.netlink.NetlinkMessage;

/**
 * Golden bytes derived by hand from the kernel structs (little-endian host), and round trips.
 * The socket ORs NLM_F_REQUEST (+ACK/DUMP) into the flags and stamps the sequence number when sending.
 */
class CodecGoldenTest {

    @BeforeAll
    static void littleEndianHost() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "golden bytes are written for little-endian hosts");
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
    }

    static NetlinkMessage single(byte[] datagram) {
        List<NetlinkMessage> messages = MessageReader.read(datagram, datagram.length);
        assertEquals(1, messages.size());
        return messages.getFirst();
    }

    @Test
    void newAddrRequest() throws Exception {
        byte[] bytes = Addresses.request(LinuxRtnetlink.RTM_NEWADDR, LinuxNetlink.NLM_F_CREATE | LinuxNetlink.NLM_F_EXCL,
                2, Cidr.parse("198.51.100.1/24")).toBytes();
        assertArrayEquals(hex("""
                28000000 1400 0006 00000000 00000000
                02 18 00 00 02000000
                0800 0200 c6336401
                0800 0100 c6336401
                """), bytes);
        assertEquals(new Address(2, Cidr.parse("198.51.100.1/24"), 0, 0), Addresses.decode(single(bytes)));
    }

    @Test
    void newAddrRequestIpv6RoundTrip() {
        Cidr cidr = Cidr.parse("2001:db8::1/64");
        byte[] bytes = Addresses.request(LinuxRtnetlink.RTM_NEWADDR, 0, 7, cidr).toBytes();
        assertEquals(16 + 8 + 2 * 20, bytes.length);
        assertEquals(new Address(7, cidr, 0, 0), Addresses.decode(single(bytes)));
    }

    @Test
    void newLinkRequestOfKindWireguard() {
        // ifinfomsg all zero; IFLA_IFNAME "wg0\0"; IFLA_LINKINFO (18, NLA_F_NESTED) holding IFLA_INFO_KIND "wireguard\0"
        // (14 bytes + 2 padding).
        assertArrayEquals(hex("""
                3c000000 1000 0006 00000000 00000000
                00 00 0000 00000000 00000000 00000000
                0800 0300 77673000
                1400 1280 0e00 0100 77697265 67756172 64000000
                """), Links.addRequest("wg0", "wireguard").toBytes());
    }

    @Test
    void getLinkDumpRequest() {
        assertArrayEquals(hex("""
                20000000 1200 0000 00000000 00000000
                00 00 0000 00000000 00000000 00000000
                """), Links.dumpRequest().toBytes());
    }

    @Test
    void newRouteDefaultRoute() throws Exception {
        Route route = Route.of(Cidr.parse("0.0.0.0/0"), Optional.of(InetAddress.getByName("198.51.100.2")), OptionalInt.empty());
        byte[] bytes = Routes.request(LinuxRtnetlink.RTM_NEWROUTE, LinuxNetlink.NLM_F_CREATE | LinuxNetlink.NLM_F_EXCL,
                route).toBytes();
        // rtmsg: AF_INET, dst_len 0, src_len 0, tos 0, table main (254), protocol lowernet (76), scope universe, unicast.
        assertArrayEquals(hex("""
                24000000 1800 0006 00000000 00000000
                02 00 00 00 fe 4c 00 01 00000000
                0800 0500 c6336402
                """), bytes);
        assertEquals(route, Routes.decode(single(bytes)));
    }

    @Test
    void ipv6RouteWithDeviceRoundTrip() throws Exception {
        Route route = Route.of(Cidr.parse("2001:db8:1::/48"), Optional.of(InetAddress.getByName("2001:db8::2")), OptionalInt.of(5));
        NetlinkMessage message = single(Routes.request(LinuxRtnetlink.RTM_NEWROUTE, 0, route).toBytes());
        assertTrue(Routes.isMainIp(message));
        assertEquals(route, Routes.decode(message));
    }

    @Test
    void nlmsgErrorDecode() {
        // EEXIST (-17) answering RTM_NEWADDR seq 7; NLM_F_CAPPED: only the request header is echoed.
        NetlinkMessage message = single(hex("""
                24000000 0200 0001 07000000 00000000
                efffffff
                28000000 1400 0506 07000000 00000000
                """));
        NetlinkError error = NetlinkError.read(message);
        assertFalse(error.isAck());
        assertEquals(LinuxRtnetlink.RTM_NEWADDR, error.request().type());
        assertEquals(7, error.request().seq());
        var exception = error.toException("adding 198.51.100.1/24 to eth0");
        assertEquals("EEXIST", exception.errno().name());
        assertEquals(17, exception.errno().number());
        assertTrue(exception.getMessage().startsWith("adding 198.51.100.1/24 to eth0: EEXIST (17, "), exception.getMessage());
    }

    @Test
    void nlmsgErrorWithExtendedAckText() {
        // NLM_F_CAPPED | NLM_F_ACK_TLVS; NLMSGERR_ATTR_MSG "test" (len 9, padded to 12).
        NetlinkMessage message = single(hex("""
                30000000 0200 0003 07000000 00000000
                edffffff
                28000000 1400 0506 07000000 00000000
                0900 0100 74657374 00 000000
                """));
        NetlinkError error = NetlinkError.read(message);
        assertEquals("ENODEV", error.toException("x").errno().name());
        assertEquals(Optional.of("test"), error.kernelMessage());
        assertTrue(error.toException("x").getMessage().endsWith("kernel says: test"));
    }

    @Test
    void ackDecode() {
        NetlinkMessage message = single(hex("24000000 0200 0001 09000000 00000000 00000000 28000000 1300 0500 09000000 00000000"));
        assertTrue(NetlinkError.read(message).isAck());
    }

    @Test
    void linkWithNestedLinkInfoAndStats64() {
        NetlinkMessage message = single(hex("""
                8c000000 1000 0000 00000000 00000000
                00 00 0100 03000000 43100100 00000000
                0900 0300 65746830 00 000000
                0800 0400 dc050000
                0500 1000 06 000000
                0a00 0100 020000000001 0000
                1000 1280 0900 0100 76657468 00 000000
                2c00 1700 0a00000000000000 1400000000000000 e803000000000000 d007000000000000 0000000000000000
                0800 0d00 e8030000
                """));
        Link link = Links.decode(message);
        assertEquals(new Link(3, "eth0", 0x11043, 1500, Optional.of("02:00:00:00:00:01"), Link.OperState.UP,
                Optional.of("veth"), new Link.LinkStats(10, 20, 1000, 2000)), link);
        assertTrue(link.isUp());
        assertTrue(link.isLowerUp());
    }

    @Test
    void dumpOfSeveralMessagesAndDone() {
        byte[] one = Links.dumpRequest().toBytes();
        byte[] done = hex("14000000 0300 0200 00000000 00000000 00000000");
        byte[] datagram = new byte[one.length * 2 + done.length];
        System.arraycopy(one, 0, datagram, 0, one.length);
        System.arraycopy(one, 0, datagram, one.length, one.length);
        System.arraycopy(done, 0, datagram, 2 * one.length, done.length);
        List<NetlinkMessage> messages = MessageReader.read(datagram, datagram.length);
        assertEquals(List.of(LinuxRtnetlink.RTM_GETLINK, LinuxRtnetlink.RTM_GETLINK, LinuxNetlink.NLMSG_DONE),
                messages.stream().map(NetlinkMessage::type).toList());
    }
}
