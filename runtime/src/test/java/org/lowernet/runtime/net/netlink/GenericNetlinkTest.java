package org.lowernet.runtime.net.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generic netlink: golden bytes spelled from linux/netlink.h and linux/genetlink.h (little-endian host), and
 * the controller of the host's own kernel, which every Linux kernel has (no root needed to ask it).
 */
class GenericNetlinkTest {

    @BeforeAll
    static void littleEndianHost() {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder(), "golden bytes are written for little-endian hosts");
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replaceAll("\\s+", ""));
    }

    @Test
    void getFamilyRequestBytes() {
        // nlmsghdr: 32 bytes, type GENL_ID_CTRL (0x10), flags 0 (the socket adds NLM_F_REQUEST), seq 0, pid 0;
        // genlmsghdr: cmd CTRL_CMD_GETFAMILY (3), version 1, reserved 0;
        // nlattr: length 11, CTRL_ATTR_FAMILY_NAME (2), "nlctrl\0", one byte of padding.
        assertArrayEquals(hex("""
                20000000 1000 0000 00000000 00000000
                03 01 0000
                0b00 0200 6e6c6374 726c0000
                """), GenericNetlink.familyRequest("nlctrl").toBytes());
    }

    @Test
    void newFamilyReplyDecoded() {
        // CTRL_CMD_NEWFAMILY (1), version 2: FAMILY_NAME "wireguard\0" (14 + 2 padding), FAMILY_ID u16 0x15
        // (6 + 2 padding), VERSION u32 1; then an attribute the decoder does not read (HDRSIZE, 4).
        byte[] datagram = hex("""
                3c000000 1000 0000 07000000 00000000
                01 02 0000
                0e00 0200 77697265 67756172 64000000
                0600 0100 1500 0000
                0800 0300 01000000
                0800 0400 00000000
                """);
        List<NetlinkMessage> messages = MessageReader.read(datagram, datagram.length);
        assertEquals(new GenericNetlink.Family("wireguard", 0x15, 1), GenericNetlink.decodeFamily(messages.getFirst()));
    }

    @Test
    void replyOfAnotherFamilyIsRejected() {
        byte[] datagram = hex("""
                18000000 1500 0000 07000000 00000000
                01 01 0000 0400 0100
                """);
        NetlinkDecodeException e = assertThrows(NetlinkDecodeException.class,
                () -> GenericNetlink.decodeFamily(MessageReader.read(datagram, datagram.length).getFirst()));
        assertTrue(e.getMessage().contains("found type 21"), e.getMessage());
    }

    @Test
    void nestedAttributeCarriesTheNestedFlag() {
        // A nested attribute of type 8 holding one of type 1 (u32 7): 0x8008 on the wire, its length covers the inner one.
        MessageWriter writer = new GenlMsgHdr(1, 1).request(0x15, 0);
        int mark = writer.beginNested(8);
        writer.attributeU32(1, 7).endNested(mark);
        byte[] bytes = writer.toBytes();
        assertArrayEquals(hex("""
                20000000 1500 0000 00000000 00000000
                01 01 0000
                0c00 0880 0800 0100 07000000
                """), bytes);
        Attribute outer = GenlMsgHdr.attributes(MessageReader.read(bytes, bytes.length).getFirst()).all().getFirst();
        assertTrue(outer.nested());
        assertEquals(8, outer.type());
        assertEquals(7, outer.attributes().get(1).orElseThrow().u32());
    }

    @Test
    void controllerResolvesItself() {
        try (GenericNetlink genl = GenericNetlink.open()) {
            assertEquals(Optional.of(new GenericNetlink.Family("nlctrl", 0x10, 2)), genl.family("nlctrl"));
        }
    }

    @Test
    void familyTheKernelDoesNotHaveIsEmpty() {
        try (GenericNetlink genl = GenericNetlink.open()) {
            assertEquals(Optional.empty(), genl.family("lowernet-none"));
        }
    }

    @Test
    void dumpOfEveryFamilyHasTheController() {
        try (GenericNetlink genl = GenericNetlink.open()) {
            List<GenericNetlink.Family> families = genl.families();
            assertTrue(families.contains(new GenericNetlink.Family("nlctrl", 0x10, 2)), families.toString());
            // Every kernel with IPv4 registers more families than the controller (e.g. "NLBL_MGMT", "ethtool").
            assertTrue(families.size() > 1, families.toString());
            assertEquals(families.size(), families.stream().map(GenericNetlink.Family::id).distinct().count(),
                    "each family once: " + families);
        }
    }
}
