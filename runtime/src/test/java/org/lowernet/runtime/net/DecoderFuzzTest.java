package org.lowernet.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.netlink.Attribute;
import org.lowernet.runtime.net.netlink.Attributes;
import org.lowernet.runtime.net.netlink.LinuxNetlink;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;
import org.lowernet.runtime.net.netlink.MessageReader;
import org.lowernet.runtime.net.netlink.MessageWriter;
import org.lowernet.runtime.net.netlink.NetlinkDecodeException;
import org.lowernet.runtime.net.netlink.NetlinkError;
import org.lowernet.runtime.net.netlink.NetlinkMessage;

/**
 * Property: for any bytes, decoding returns or throws {@link NetlinkDecodeException}; nothing else, no hang.
 * Cases come from a fixed-seed Random so a failure repeats; the work per case is bounded by its size.
 */
class DecoderFuzzTest {

    private static final int CASES = 20_000;

    static List<byte[]> seeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(Addresses.request(LinuxRtnetlink.RTM_NEWADDR, 0, 2, Cidr.parse("198.51.100.1/24")).toBytes());
        seeds.add(Addresses.request(LinuxRtnetlink.RTM_DELADDR, 0, 3, Cidr.parse("2001:db8::1/64")).toBytes());
        seeds.add(Routes.request(LinuxRtnetlink.RTM_NEWROUTE, 0, Route.of(Cidr.parse("203.0.113.0/24"),
                Optional.of(InetAddress.getByName("198.51.100.2")), OptionalInt.of(4))).toBytes());
        seeds.add(Links.dumpRequest().toBytes());
        seeds.add(CodecGoldenTest.hex("""
                8c000000 1000 0000 00000000 00000000 00 00 0100 03000000 43100100 00000000
                0900 0300 65746830 00 000000 0800 0400 dc050000 0500 1000 06 000000
                0a00 0100 020000000001 0000 1000 1280 0900 0100 76657468 00 000000
                2c00 1700 0a00000000000000 1400000000000000 e803000000000000 d007000000000000 0000000000000000
                0800 0d00 e8030000"""));
        seeds.add(CodecGoldenTest.hex("30000000 0200 0003 07000000 00000000 edffffff 28000000 1400 0506 07000000 00000000 0900 0100 74657374 00 000000"));
        return seeds;
    }

    /** Decodes like the socket and operations do, and walks every attribute as if it were nested. */
    static void decodeEverything(byte[] bytes) {
        for (NetlinkMessage m : MessageReader.read(bytes, bytes.length)) {
            switch (m.type()) {
                case LinuxRtnetlink.RTM_NEWLINK, LinuxRtnetlink.RTM_DELLINK -> Links.decode(m);
                case LinuxRtnetlink.RTM_NEWADDR, LinuxRtnetlink.RTM_DELADDR -> Addresses.decode(m);
                case LinuxRtnetlink.RTM_NEWROUTE, LinuxRtnetlink.RTM_DELROUTE -> Routes.decode(m);
                case LinuxNetlink.NLMSG_ERROR -> NetlinkError.read(m);
                default -> { }
            }
            EventSubscription.decode(m);
            try {
                walk(m.attributes(0, "nothing"));
            } catch (NetlinkDecodeException e) {
                // the fixed struct read as attributes is usually malformed; only the exception type matters
            }
        }
    }

    private static void walk(Attributes attributes) {
        for (Attribute a : attributes.all()) {
            a.string();
            try {
                walk(a.attributes());
            } catch (NetlinkDecodeException e) {
                // most values are not attribute lists; the property is only the exception type
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a guard against a hang, not the property
    void randomBytesTruncationsAndMutationsEndInReturnOrDecodeException() throws Exception {
        Random random = new Random(20260101L);
        List<byte[]> seeds = seeds();
        int thrown = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] input = mutate(random, seeds.get(random.nextInt(seeds.size())), i % 4);
            try {
                decodeEverything(input);
            } catch (NetlinkDecodeException e) {
                thrown++;
            } catch (RuntimeException | Error e) {
                fail("case " + i + " (" + java.util.HexFormat.of().formatHex(input) + ") threw " + e, e);
            }
        }
        System.out.println("fuzz: " + CASES + " cases, " + thrown + " rejected");
    }

    private static byte[] mutate(Random random, byte[] seed, int kind) {
        return switch (kind) {
            case 0 -> { // garbage
                byte[] b = new byte[random.nextInt(256)];
                random.nextBytes(b);
                yield b;
            }
            case 1 -> Arrays.copyOf(seed, random.nextInt(seed.length)); // truncation
            case 2 -> { // flipped bytes
                byte[] b = seed.clone();
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                yield b;
            }
            default -> { // a length field (message or attribute) set to a random value
                byte[] b = seed.clone();
                int at = random.nextInt(b.length / 4) * 4;
                b[at] = (byte) random.nextInt(256);
                b[at + 1] = (byte) (random.nextBoolean() ? 0 : random.nextInt(256));
                yield b;
            }
        };
    }

    @Test
    void everyTruncationOfAValidMessageIsRejected() throws Exception {
        for (byte[] seed : seeds()) {
            for (int length = 1; length < seed.length; length++) {
                byte[] cut = Arrays.copyOf(seed, length);
                assertThrows(NetlinkDecodeException.class, () -> MessageReader.read(cut, cut.length), "length " + length);
            }
        }
    }

    @Test
    void lengthBelowHeaderSizeWouldLoopAndIsRejected() {
        byte[] zero = CodecGoldenTest.hex("00000000 1000 0000 00000000 00000000");
        assertThrows(NetlinkDecodeException.class, () -> MessageReader.read(zero, zero.length));
        byte[] oversized = CodecGoldenTest.hex("ffffffff 1000 0000 00000000 00000000");
        assertThrows(NetlinkDecodeException.class, () -> MessageReader.read(oversized, oversized.length));
    }

    @Test
    void attributeLengthBelowFourIsRejected() {
        byte[] bytes = CodecGoldenTest.hex("18000000 1000 0000 00000000 00000000 0200 0300 00000000");
        NetlinkMessage m = MessageReader.read(bytes, bytes.length).getFirst();
        assertThrows(NetlinkDecodeException.class, () -> m.attributes(0, "nothing"));
    }

    @Test
    void nestingDeeperThanTheLimitIsRejected() {
        MessageWriter writer = new MessageWriter(LinuxRtnetlink.RTM_NEWLINK, 0);
        int levels = Attributes.MAX_DEPTH + 4;
        int[] marks = new int[levels];
        for (int i = 0; i < levels; i++) {
            marks[i] = writer.beginNested(1);
        }
        for (int i = levels - 1; i >= 0; i--) {
            writer.endNested(marks[i]);
        }
        byte[] bytes = writer.toBytes();
        Attribute outer = MessageReader.read(bytes, bytes.length).getFirst().attributes(0, "nothing").all().getFirst();
        NetlinkDecodeException e = assertThrows(NetlinkDecodeException.class, () -> walkStrict(outer));
        assertEquals("attributes nested deeper than " + Attributes.MAX_DEPTH + " levels", e.getMessage());
    }

    private static void walkStrict(Attribute attribute) {
        for (Attribute inner : attribute.attributes().all()) {
            walkStrict(inner);
        }
    }

    @Test
    void wrongSizedValueIsRejectedNotMisread() {
        byte[] bytes = CodecGoldenTest.hex("""
                34000000 1000 0000 00000000 00000000 00 00 0100 03000000 00000000 00000000
                0900 0300 65746830 00 000000 0600 0400 dc05 0000""");
        NetlinkMessage m = MessageReader.read(bytes, bytes.length).getFirst();
        assertThrows(NetlinkDecodeException.class, () -> Links.decode(m));
    }
}
