package org.lowernet.runtime.clock;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

/**
 * One SNTP exchange (RFC 4330; the NTPv4 packet of RFC 5905 section 7.3): a 48-byte client request, the
 * server's answer checked, the clock's offset and the round-trip delay computed from the four timestamps.
 * The request's transmit timestamp is a random cookie rather than our clock (RFC 9109 section 4), so an
 * answer to another request, or a forged one, is refused; our own send and receive times are taken from the
 * kernel's clock and the monotonic clock, so a step during the exchange cannot skew it.
 */
public final class Sntp {

    public static final int PORT = 123;
    static final int PACKET = 48;
    /** Seconds from the NTP era's start (1900-01-01) to the Unix epoch. */
    static final long ERA_TO_UNIX = 2_208_988_800L;
    /** Leap indicator 0, version 4, mode 3 (client). */
    static final byte CLIENT = 0x23;
    static final int MODE_SERVER = 4;
    static final int LEAP_UNSYNCHRONIZED = 3;
    /** Offsets in the packet (RFC 5905 figure 8). */
    static final int STRATUM = 1;
    static final int REFERENCE_ID = 12;
    static final int ORIGINATE = 24;
    static final int RECEIVE = 32;
    static final int TRANSMIT = 40;

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What one server said.
     *
     * @param offset how far the kernel's clock is behind the server's (negative: ahead)
     * @param delay  the round trip, less the server's own time
     */
    public record Sample(InetAddress server, int stratum, Duration offset, Duration delay) {
    }

    private Sntp() {
    }

    /** Asks {@code server} once; throws with the reason when no usable answer comes within {@code timeout}. */
    public static Sample query(InetAddress server, int port, KernelClock clock, Duration timeout) throws IOException {
        long cookie = RANDOM.nextLong();
        byte[] answer = new byte[PACKET * 2];
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.connect(new InetSocketAddress(server, port));
            Instant sent = clock.now();
            long began = System.nanoTime();
            DatagramPacket packet = new DatagramPacket(answer, answer.length);
            try {
                socket.send(new DatagramPacket(request(cookie), PACKET));
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                throw new IOException("no answer from " + server.getHostAddress() + " port " + port + " within "
                        + timeout.toMillis() + " ms");
            } catch (PortUnreachableException e) {
                throw new IOException("no answer from " + server.getHostAddress() + " port " + port
                        + ": ICMP port unreachable, no NTP server there");
            } catch (IOException e) {
                throw new IOException("asking " + server.getHostAddress() + " port " + port + ": " + e.getMessage(), e);
            }
            Instant received = sent.plusNanos(System.nanoTime() - began);
            return answer(server, ByteBuffer.wrap(answer, 0, packet.getLength()).slice(), cookie, sent, received);
        }
    }

    static byte[] request(long cookie) {
        ByteBuffer packet = ByteBuffer.allocate(PACKET);
        packet.put(0, CLIENT);
        packet.putLong(TRANSMIT, cookie);
        return packet.array();
    }

    /** Checks a server's answer to the request carrying {@code cookie}, sent at {@code t1} and received at {@code t4}. */
    static Sample answer(InetAddress server, ByteBuffer packet, long cookie, Instant t1, Instant t4) throws IOException {
        String from = "NTP server " + server.getHostAddress();
        if (packet.remaining() < PACKET) {
            throw new IOException(from + " answered " + packet.remaining() + " bytes, not " + PACKET);
        }
        int first = packet.get(0) & 0xff;
        int leap = first >> 6;
        int mode = first & 7;
        int stratum = packet.get(STRATUM) & 0xff;
        if (mode != MODE_SERVER) {
            throw new IOException(from + " answered in mode " + mode + ", not " + MODE_SERVER + " (server)");
        }
        if (packet.getLong(ORIGINATE) != cookie) {
            throw new IOException(from + " answered another request (originate timestamp is not ours)");
        }
        if (stratum == 0) {
            byte[] code = new byte[4];
            packet.get(REFERENCE_ID, code);
            throw new IOException(from + " refused: kiss-o'-death "
                    + new String(code, StandardCharsets.US_ASCII).replaceAll("[^A-Z]", "?"));
        }
        if (leap == LEAP_UNSYNCHRONIZED || stratum > 15) {
            throw new IOException(from + " is not synchronized itself (leap " + leap + ", stratum " + stratum + ")");
        }
        if (packet.getLong(TRANSMIT) == 0) {
            throw new IOException(from + " answered without a transmit timestamp");
        }
        Instant t2 = instant(packet.getLong(RECEIVE));
        Instant t3 = instant(packet.getLong(TRANSMIT));
        Duration offset = half(Duration.between(t1, t2).plus(Duration.between(t4, t3)));
        Duration delay = Duration.between(t1, t4).minus(Duration.between(t2, t3));
        return new Sample(server, stratum, offset, delay);
    }

    /**
     * {@code d} / 2, exact to the nanosecond below. Not {@code Duration.dividedBy}: it goes through BigDecimal, whose
     * class initializer alone (5^65536, JDK 25) took 0.3 s of a QEMU virt start (RuntimeBytecodeTest).
     */
    static Duration half(Duration d) {
        return Duration.ofSeconds(Math.floorDiv(d.getSeconds(), 2),
                (Math.floorMod(d.getSeconds(), 2) * 1_000_000_000L + d.getNano()) / 2);
    }

    /**
     * An NTP timestamp (32 bits of seconds since 1900, 32 bits of fraction) as an instant. Seconds with the
     * top bit clear are taken as era 1, from 2036-02-07 on (RFC 4330 section 3), so the client outlives 2036.
     */
    static Instant instant(long timestamp) {
        long seconds = timestamp >>> 32;
        long fraction = timestamp & 0xffff_ffffL;
        if ((seconds & 0x8000_0000L) == 0) {
            seconds += 1L << 32;
        }
        return Instant.ofEpochSecond(seconds - ERA_TO_UNIX, (fraction * 1_000_000_000L) >>> 32);
    }

    /** The NTP timestamp of {@code time} (eras 0 and 1, 1968 to 2104). */
    static long timestamp(Instant time) {
        long seconds = (time.getEpochSecond() + ERA_TO_UNIX) & 0xffff_ffffL;
        long fraction = ((long) time.getNano() << 32) / 1_000_000_000L;
        return seconds << 32 | fraction;
    }
}
