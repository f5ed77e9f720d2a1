package org.lowernet.runtime.respondd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server's IPv4 unicast socket over loopback, as another router asks at a LAN address: real sockets, no
 * namespaces. (The mesh interface "lo" has no multicast: only the IPv4 socket answers here.)
 */
class RespondLoopbackTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration WAIT = Duration.ofSeconds(5);

    private int port;
    private RespondServer server;

    @BeforeEach
    void start() throws IOException {
        try (DatagramSocket free = new DatagramSocket(0, LOOPBACK)) {
            port = free.getLocalPort();
        }
        server = new RespondServer(List.of("lo"), port, new RespondServer.Providers(
                () -> Json.object().add("node_id", "020000000001").add("hostname", "pi-1"),
                () -> Json.object().add("node_id", "020000000001").add("uptime", 5),
                () -> Json.object().add("node_id", "020000000001")), 2);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void askedAtAnAddressItAnswers() throws Exception {
        Optional<NodeAnswer> node = new RespondClient(port).ask(LOOPBACK, WAIT);
        assertEquals(Optional.of("pi-1"), node.flatMap(NodeAnswer::hostname));
        // The server counts an answer after sending it: the client may read it first.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.answered() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, server.answered());
    }

    @Test
    void garbageIsCountedAndTheRateBoundHolds() throws Exception {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.send(ByteBuffer.wrap("GET wifi".getBytes(StandardCharsets.US_ASCII)),
                    new InetSocketAddress(LOOPBACK, port));
        }
        // The budget is 2 a second here, in bursts of 2: of 5 quick requests only 2, and what the time spent refilled.
        RespondClient client = new RespondClient(port);
        int answered = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            answered += client.ask(LOOPBACK, Duration.ofMillis(200)).isPresent() ? 1 : 0;
        }
        long bound = 2 + (long) Math.ceil((System.nanoTime() - start) / 1e9 * 2);
        assertTrue(answered >= 2 && answered <= Math.min(5, bound), answered + " answers, bound " + bound);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.ignored().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1L, server.ignored().get(Request.Problem.UNKNOWN_KIND));
    }

    @Test
    void anUnreadableAnswerIsAnErrorNamingTheSender() throws Exception {
        try (DatagramChannel fake = DatagramChannel.open()) {
            fake.bind(new InetSocketAddress(LOOPBACK, 0));
            int fakePort = ((InetSocketAddress) fake.getLocalAddress()).getPort();
            Thread answer = Thread.ofPlatform().start(() -> {
                try {
                    ByteBuffer in = ByteBuffer.allocate(512);
                    InetSocketAddress from = (InetSocketAddress) fake.receive(in);
                    fake.send(ByteBuffer.wrap("{\"nodeinfo\":{}}".getBytes(StandardCharsets.US_ASCII)), from);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            IOException e = assertThrows(IOException.class, () -> new RespondClient(fakePort).ask(LOOPBACK, WAIT));
            assertTrue(e.getMessage().startsWith("127.0.0.1 port " + fakePort + ": not ") && e.getMessage().contains("deflate"),
                    e.getMessage());
            answer.join();
        }
    }
}
