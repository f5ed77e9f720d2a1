package org.lowernet.runtime.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SntpTest {

    static final InetAddress SERVER = InetAddress.ofLiteral("198.51.100.123");
    static final long COOKIE = 0x1122334455667788L;
    static final Instant T1 = Instant.parse("2026-12-01T12:00:00Z");

    /** A server's answer: leap, version 4, mode; stratum; the originate, receive and transmit timestamps. */
    static ByteBuffer answer(int leap, int mode, int stratum, long originate, Instant receive, Instant transmit) {
        ByteBuffer packet = ByteBuffer.allocate(Sntp.PACKET);
        packet.put(0, (byte) (leap << 6 | 4 << 3 | mode));
        packet.put(Sntp.STRATUM, (byte) stratum);
        packet.putLong(Sntp.ORIGINATE, originate);
        packet.putLong(Sntp.RECEIVE, Sntp.timestamp(receive));
        packet.putLong(Sntp.TRANSMIT, Sntp.timestamp(transmit));
        return packet;
    }

    @Test
    void theRequestIsVersion4ClientWithTheCookieAsTransmitTimestamp() {
        ByteBuffer request = ByteBuffer.wrap(Sntp.request(COOKIE));
        assertEquals(48, request.capacity());
        assertEquals(0x23, request.get(0));
        assertEquals(COOKIE, request.getLong(40));
        for (int i = 1; i < 40; i++) {
            assertEquals(0, request.get(i), "byte " + i + " is zero: nothing of our clock leaves the node");
        }
    }

    @Test
    void offsetAndDelayFromTheFourTimestamps() throws IOException {
        // The server is 5 s ahead; 20 ms each way, 2 ms inside the server.
        Instant t2 = T1.plusSeconds(5).plusMillis(20);
        Instant t3 = t2.plusMillis(2);
        Instant t4 = T1.plusMillis(42);
        Sntp.Sample sample = Sntp.answer(SERVER, answer(0, 4, 2, COOKIE, t2, t3), COOKIE, T1, t4);
        assertEquals(2, sample.stratum());
        assertClose(Duration.ofSeconds(5), sample.offset());
        assertClose(Duration.ofMillis(40), sample.delay());
    }

    @Test
    void halvingIsExactToTheNanosecondBelowOnBothSidesOfZero() {
        assertEquals(Duration.ofMillis(2500), Sntp.half(Duration.ofSeconds(5)));
        assertEquals(Duration.ofSeconds(2, 500_000_001), Sntp.half(Duration.ofSeconds(5, 3)));
        assertEquals(Duration.ofMillis(-2500), Sntp.half(Duration.ofSeconds(-5)));
        assertEquals(Duration.ofNanos(-1), Sntp.half(Duration.ofNanos(-1)));
        assertEquals(Duration.ofNanos(-2), Sntp.half(Duration.ofNanos(-3)));
        // Two NTP eras apart, as a broken server's timestamps can be: exact, no overflow; below zero the half
        // nanosecond goes down where dividedBy drops it toward zero.
        Duration far = Duration.ofDays(2 * 136 * 365 + 1).plusNanos(7);
        assertEquals(far.dividedBy(2), Sntp.half(far));
        assertEquals(far.negated().dividedBy(2).minusNanos(1), Sntp.half(far.negated()));
    }

    @Test
    void answersThatCannotBeTrustedAreRefusedWithTheReason() {
        Instant t = T1.plusMillis(1);
        assertEquals("NTP server 198.51.100.123 answered another request (originate timestamp is not ours)",
                refused(answer(0, 4, 2, COOKIE + 1, t, t)));
        assertEquals("NTP server 198.51.100.123 answered in mode 3, not 4 (server)", refused(answer(0, 3, 2, COOKIE, t, t)));
        ByteBuffer kiss = answer(3, 4, 0, COOKIE, t, t);
        kiss.put(Sntp.REFERENCE_ID, "RATE".getBytes(StandardCharsets.US_ASCII));
        assertEquals("NTP server 198.51.100.123 refused: kiss-o'-death RATE", refused(kiss));
        assertEquals("NTP server 198.51.100.123 is not synchronized itself (leap 3, stratum 2)",
                refused(answer(3, 4, 2, COOKIE, t, t)));
        assertEquals("NTP server 198.51.100.123 is not synchronized itself (leap 0, stratum 16)",
                refused(answer(0, 4, 16, COOKIE, t, t)));
        assertEquals("NTP server 198.51.100.123 answered 47 bytes, not 48",
                refused(answer(0, 4, 2, COOKIE, t, t).limit(47).slice()));
    }

    /** NTP's fraction has a resolution of 2^-32 s: a nanosecond or two is lost each way. */
    private static void assertClose(Duration expected, Duration actual) {
        assertTrue(expected.minus(actual).abs().toNanos() <= 2, "expected " + expected + ", got " + actual);
    }

    private static String refused(ByteBuffer packet) {
        return assertThrows(IOException.class, () -> Sntp.answer(SERVER, packet, COOKIE, T1, T1.plusMillis(2)))
                .getMessage();
    }

    @Test
    void timestampsRoundTripInBothErasAndTheEraFollowsTheTopBit() {
        for (String text : new String[] {"1970-01-01T00:00:00Z", "2026-12-01T16:47:33.5Z", "2036-02-07T06:28:16Z",
                "2040-01-01T00:00:00.25Z"}) {
            Instant time = Instant.parse(text);
            assertClose(Duration.ZERO, Duration.between(time, Sntp.instant(Sntp.timestamp(time))));
        }
        assertEquals(Instant.parse("2036-02-07T06:28:16Z"), Sntp.instant(0L));
        assertEquals(Instant.parse("1970-01-01T00:00:00Z"), Sntp.instant(Sntp.ERA_TO_UNIX << 32));
    }
}
