package org.lowernet.runtime.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.health.MqttProbe.Received;
import org.lowernet.runtime.net.Netns;

/**
 * The MQTT fixtures against a real mosquitto: plain, retained, restart, TLS, passwords and a broker inside a
 * network namespace. Mosquitto's own log is the second witness where the client alone could be fooled.
 */
class MosquittoIT {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path folder;

    @Test
    void aMessageGoesFromOneProbeToAnother() throws Exception {
        long started = System.nanoTime();
        try (Mosquitto broker = Mosquitto.start(folder, Mosquitto.Options.plain())) {
            System.out.printf("mosquitto ready in %d ms on %s%n", (System.nanoTime() - started) / 1_000_000,
                    broker.url());
            assertEquals("tcp://127.0.0.1:" + broker.port(), broker.url());
            try (MqttProbe listener = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous());
                    MqttProbe talker = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous())) {
                listener.subscribe("lowernet/+/health");
                talker.publish("lowernet/pi-1/health", "{\"up\":true}", false);
                talker.publish("elsewhere/pi-1", "not for the listener", false);
                Received received = listener.await(m -> m.topic().equals("lowernet/pi-1/health"), WAIT);
                assertEquals("{\"up\":true}", received.payload());
                assertFalse(received.retained());
                talker.publish("lowernet/pi-2/health", "second", false);
                assertEquals(List.of("{\"up\":true}", "second"), listener.awaitCount(m -> true, 2, WAIT).stream()
                        .map(Received::payload).toList());
            }
            assertTrue(broker.logCount("Received PUBLISH from") >= 3, String.join("\n", broker.log()));
        }
    }

    @Test
    void aRetainedMessageReachesALaterSubscriber() throws Exception {
        try (Mosquitto broker = Mosquitto.start(folder, Mosquitto.Options.plain())) {
            try (MqttProbe talker = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous())) {
                talker.publish("lowernet/pi-1/status", "online", true);
            }
            try (MqttProbe later = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous())) {
                later.subscribe("lowernet/#");
                Received received = later.await(m -> m.topic().equals("lowernet/pi-1/status"), WAIT);
                assertEquals("online", received.payload());
                assertTrue(received.retained());
            }
        }
    }

    @Test
    void aRestartKeepsThePortAndANewProbeConnects() throws Exception {
        try (Mosquitto broker = Mosquitto.start(folder, Mosquitto.Options.plain())) {
            int port = broker.port();
            try (MqttProbe before = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous())) {
                long started = System.nanoTime();
                broker.restart();
                System.out.printf("mosquitto restarted in %d ms%n", (System.nanoTime() - started) / 1_000_000);
                assertTrue(before.connectionLost().isPresent() || !before.isConnected(),
                        "the probe should have lost its connection when the broker stopped");
            }
            assertEquals(port, broker.port());
            assertEquals(2, broker.logCount("Opening ipv4 listen socket on port " + port),
                    String.join("\n", broker.log()));
            try (MqttProbe after = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous())) {
                after.subscribe("t");
                after.publish("t", "back", false);
                assertEquals("back", after.await(m -> true, WAIT).payload());
            }
            broker.stop();
            assertThrows(MqttException.class,
                    () -> MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous()).close());
            broker.restart();
            assertEquals(3, broker.logCount("Opening ipv4 listen socket on port " + port),
                    String.join("\n", broker.log()));
            MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous()).close();
        }
    }

    @Test
    void tlsWorksWithTheTestCaAndRefusesAClientWithoutIt() throws Exception {
        try (Mosquitto broker = Mosquitto.start(folder, Mosquitto.Options.plain().withTls())) {
            assertEquals("ssl://127.0.0.1:" + broker.port(), broker.url());
            try (MqttProbe probe = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous()
                    .trusting(broker.caFile()))) {
                probe.subscribe("secure/#");
                probe.publish("secure/x", "sealed", false);
                assertEquals("sealed", probe.await(m -> true, WAIT).payload());
            }
            MqttException refused = assertThrows(MqttException.class,
                    () -> MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous()).close());
            assertTrue(causes(refused).stream().anyMatch(SSLHandshakeException.class::isInstance),
                    "expected an SSLHandshakeException in " + causes(refused));
        }
    }

    @Test
    void onlyTheRightPasswordGetsIn() throws Exception {
        Mosquitto.Options options = Mosquitto.Options.plain().withUsers(Map.of("pi-1", "s3cret", "watch", "other"));
        try (Mosquitto broker = Mosquitto.start(folder, options)) {
            try (MqttProbe probe = MqttProbe.connect(broker.url(),
                    MqttProbe.Options.anonymous().withUser("pi-1", "s3cret"))) {
                assertTrue(probe.isConnected());
            }
            MqttException wrong = assertThrows(MqttException.class, () -> MqttProbe.connect(broker.url(),
                    MqttProbe.Options.anonymous().withUser("pi-1", "wrong")).close());
            MqttException anonymous = assertThrows(MqttException.class,
                    () -> MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous()).close());
            // Mosquitto 2.0.11 answers both with CONNACK 5 and logs "Client <unknown> disconnected, not authorised."
            assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, wrong.getReasonCode(), wrong.toString());
            assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, anonymous.getReasonCode(), anonymous.toString());
            // The broker logs after it answered: its two lines are awaited (bounded), then counted.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (broker.logCount("disconnected, not authorised") < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(2, broker.logCount("disconnected, not authorised"), String.join("\n", broker.log()));
        }
    }

    @Test
    void aBrokerInANamespaceIsReachedOnlyThroughItsSockets() throws Exception {
        try (Netns namespace = Netns.create()) {
            namespace.ip("link", "set", "lo", "up");
            Mosquitto.Options options = Mosquitto.Options.plain().inNamespace(namespace.name);
            try (Mosquitto broker = Mosquitto.start(folder, options);
                    MqttProbe probe = MqttProbe.connect(broker.url(),
                            MqttProbe.Options.anonymous().inNamespace(namespace.name))) {
                probe.subscribe("ns/#");
                probe.publish("ns/x", "inside", false);
                assertEquals("inside", probe.await(m -> true, WAIT).payload());
                // The host's 127.0.0.1 is another loopback: nothing of the broker's is there.
                assertThrows(MqttException.class,
                        () -> MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous()).close());
            }
        }
    }

    @Test
    void tlsWorksInsideANamespace() throws Exception {
        try (Netns namespace = Netns.create()) {
            namespace.ip("link", "set", "lo", "up");
            Mosquitto.Options options = Mosquitto.Options.plain().withTls().inNamespace(namespace.name);
            try (Mosquitto broker = Mosquitto.start(folder, options);
                    MqttProbe probe = MqttProbe.connect(broker.url(),
                            MqttProbe.Options.anonymous().trusting(broker.caFile()).inNamespace(namespace.name))) {
                probe.subscribe("ns/#");
                probe.publish("ns/tls", "inside, sealed", false);
                assertEquals("inside, sealed", probe.await(m -> true, WAIT).payload());
            }
        }
    }

    private static List<Throwable> causes(Throwable top) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = top; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        if (chain.isEmpty()) {
            fail("no exception");
        }
        return chain;
    }
}
