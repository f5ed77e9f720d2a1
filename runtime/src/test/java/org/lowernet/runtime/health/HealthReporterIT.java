package org.lowernet.runtime.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.config.ConfigParser;
import org.lowernet.runtime.config.ConfigResult;
import org.lowernet.runtime.config.MqttConfig;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.mqtt.TrustedCa;
import org.lowernet.runtime.net.InterfaceReport;

/**
 * The reporter in this JVM against a real mosquitto on 127.0.0.1: birth and clean stop, statistics at the
 * interval, reconnecting after a broker restart with what waited delivered in order, the outbox overflowing,
 * TLS with a CA the test made, a refused login, commands, and Home Assistant discovery. The node it reports
 * is this host's /proc with two made-up interfaces.
 */
class HealthReporterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Topics TOPICS = new Topics("lowernet/testsite", "node-a");

    @TempDir
    Path work;

    @Test
    void onlineNodeinfoAndStatisticsAtTheIntervalThenOfflineOnAcleanStop() throws Exception {
        try (Mosquitto broker = Mosquitto.start(work, Mosquitto.Options.plain());
             MqttProbe probe = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous())) {
            probe.subscribe("lowernet/testsite/#");
            HealthReporter reporter = new HealthReporter(config(broker.url(), "mqtt.interval = 1s"), TOPICS,
                    new TestNode(), Optional.empty());
            reporter.start();
            try {
                probe.await(m -> m.topic().equals(TOPICS.status()) && m.payload().equals("online"), WAIT);
                JsonObject info = json(probe.await(m -> m.topic().equals(TOPICS.nodeinfo()), WAIT));
                assertEquals("dca632aabbcc", info.getString("node_id", ""));
                assertEquals("Raspberry Pi 3 Model B Rev 1.2", info.get("hardware").asObject().getString("model", ""));

                List<JsonObject> statistics = probe.awaitCount(m -> m.topic().equals(TOPICS.statistics()), 3, WAIT)
                        .stream().map(HealthReporterIT::json).toList();
                for (int i = 0; i < statistics.size(); i++) {
                    JsonObject s = statistics.get(i);
                    assertEquals(i + 1, s.getLong("seq", -1), s.toString());
                    JsonObject memory = s.get("memory").asObject();
                    long total = memory.getLong("total", -1);
                    assertTrue(total > 0 && memory.getLong("available", -1) <= total
                            && memory.getLong("free", -1) <= total, memory.toString());
                    assertTrue(s.get("runtime").asObject().getLong("rss", 0) > 1 << 20, s.toString());
                    if (i > 0) {
                        assertTrue(s.getDouble("uptime", 0) > statistics.get(i - 1).getDouble("uptime", 0), "uptime grows");
                    }
                }
                // The uplink's counters are respondd's traffic; each role's sum is beside them.
                JsonObject traffic = statistics.getFirst().get("traffic").asObject();
                assertEquals(1000, traffic.get("rx").asObject().getLong("bytes", -1));
                assertEquals(20, traffic.get("lan").asObject().get("tx").asObject().getLong("bytes", -1));
                assertRetained(broker, TOPICS.status(), "online");
                assertTrue(json(retained(broker, TOPICS.nodeinfo())).getString("hostname", "").equals("node-a"));
            } finally {
                reporter.close();
            }
            probe.await(m -> m.topic().equals(TOPICS.status()) && m.payload().equals("offline"), WAIT);
            assertRetained(broker, TOPICS.status(), "offline");
            assertEquals(0, broker.logCount("has exceeded timeout"), "a clean stop, not a keep-alive timeout");
        }
    }

    /**
     * The LAN's prefix moved (a prefix_changed event): the broker's retained nodeinfo says the new prefixes at once,
     * long before the next statistics (an hour away), and a nodeinfo that did not change is not sent again.
     */
    @Test
    void aMovedPrefixRepublishesTheRetainedNodeinfoAtOnce() throws Exception {
        try (Mosquitto broker = Mosquitto.start(work, Mosquitto.Options.plain());
             MqttProbe probe = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous())) {
            probe.subscribe("lowernet/testsite/#");
            TestNode node = new TestNode();
            HealthReporter reporter = new HealthReporter(config(broker.url(), "mqtt.interval = 1h"), TOPICS, node,
                    Optional.empty());
            reporter.start();
            try {
                JsonObject first = json(probe.await(m -> m.topic().equals(TOPICS.nodeinfo()), WAIT));
                assertEquals("[\"10.42.0.0/24\"]", first.get("prefixes").toString());
                assertEquals("02:00:00:ff:fe:00:00:0a", first.getString("router_id", ""));
                probe.await(m -> m.topic().equals(TOPICS.statistics()), WAIT);
                // An event of another type changes nothing in nodeinfo: it is not sent again.
                reporter.emit(Event.now(EventType.CONFIG_ERROR, "message", "a mark"));
                probe.await(m -> m.topic().equals(TOPICS.events()) && m.payload().contains("a mark"), WAIT);

                Instant moved = Instant.now();
                node.prefixes = List.of("10.77.3.0/24", "fd12:3456:789a:3::/64");
                reporter.emit(Event.now(EventType.PREFIX_CHANGED, "prefix", "10.77.3.0/24", "previous", "10.42.0.0/24",
                        "winner", "02:00:00:ff:fe:00:00:0b"));
                JsonObject again = json(probe.await(m -> m.topic().equals(TOPICS.nodeinfo()) && m.at().isAfter(moved),
                        WAIT));
                assertEquals("[\"10.77.3.0/24\",\"fd12:3456:789a:3::/64\"]", again.get("prefixes").toString());
                assertEquals("[\"10.77.3.0/24\",\"fd12:3456:789a:3::/64\"]",
                        json(retained(broker, TOPICS.nodeinfo())).get("prefixes").toString());
                assertEquals(2, probe.messages().stream().filter(m -> m.topic().equals(TOPICS.nodeinfo())).count(),
                        "nodeinfo sent at the connection and after the move only");
            } finally {
                reporter.close();
            }
        }
    }

    /** What a client subscribing now gets first on {@code topic}: the retained message. */
    private static MqttProbe.Received retained(Mosquitto broker, String topic) throws Exception {
        try (MqttProbe late = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous())) {
            late.subscribe(topic);
            MqttProbe.Received first = late.await(m -> true, WAIT);
            assertTrue(first.retained(), first.toString());
            return first;
        }
    }

    private static void assertRetained(Mosquitto broker, String topic, String payload) throws Exception {
        assertEquals(payload, retained(broker, topic).payload());
    }

    @Test
    void afterABrokerRestartItReconnectsAndWhatWaitedArrivesInOrder() throws Exception {
        try (Mosquitto broker = Mosquitto.start(work, Mosquitto.Options.plain())) {
            HealthReporter reporter = new HealthReporter(config(broker.url(), "mqtt.interval = 1s"), TOPICS,
                    new TestNode(), Optional.empty());
            reporter.start();
            try {
                awaitTrue("connected", reporter::connected);
                broker.stop();
                awaitTrue("the loss noticed", () -> !reporter.connected());
                for (int n = 1; n <= 5; n++) {
                    reporter.emit(Event.now(EventType.CONFIG_ERROR, "message", "error " + n));
                }
                Thread.sleep(1500); // a statistics round or two while the broker is away
                broker.restart();
                try (MqttProbe probe = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous())) {
                    probe.subscribe("lowernet/testsite/#");
                    List<String> numbers = probe.awaitCount(m -> m.topic().equals(TOPICS.events()), 5, WAIT).stream()
                            .map(m -> json(m).getString("message", "")).toList();
                    assertEquals(List.of("error 1", "error 2", "error 3", "error 4", "error 5"), numbers);
                    // Statistics made while away arrive too, with no gap in their numbering.
                    List<Long> seqs = probe.awaitCount(m -> m.topic().equals(TOPICS.statistics()), 4, WAIT).stream()
                            .map(m -> json(m).getLong("seq", -1)).toList();
                    for (int i = 1; i < seqs.size(); i++) {
                        assertEquals(seqs.get(i - 1) + 1, seqs.get(i), seqs.toString());
                    }
                    // Statistics made after reconnecting count the reconnect.
                    probe.await(m -> m.topic().equals(TOPICS.statistics())
                            && json(m).get("mqtt").asObject().getLong("reconnects", 0) == 1, WAIT);
                    assertEquals(0, probe.messages().stream().filter(m -> m.payload().contains("messages_dropped")).count());
                }
            } finally {
                reporter.close();
            }
        }
    }

    @Test
    void brokersAreTriedInOrderAndTheFirstThatAnswersIsUsed() throws Exception {
        try (Mosquitto broker = Mosquitto.start(work, Mosquitto.Options.plain());
             MqttProbe probe = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous())) {
            probe.subscribe(TOPICS.status());
            // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
            HealthReporter reporter = new HealthReporter(config("tcp://127.0.0.1:9, " + broker.url(), ""), TOPICS,
                    new TestNode(), Optional.empty());
            reporter.start();
            try {
                probe.await(m -> m.payload().equals("online"), WAIT);
            } finally {
                reporter.close();
            }
        }
    }

    @Test
    void beyondTheBufferTheOldestAreDroppedAndTheDropIsReported() throws Exception {
        try (Mosquitto broker = Mosquitto.start(work, Mosquitto.Options.plain())) {
            // One statistics round at the start only, so the count below is exact.
            HealthReporter reporter = new HealthReporter(config(broker.url(), "mqtt.interval = 1h\nmqtt.buffer = 3"),
                    TOPICS, new TestNode(), Optional.empty());
            try {
                try (MqttProbe statistics = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous())) {
                    statistics.subscribe(TOPICS.statistics());
                    reporter.start();
                    // That round at the broker, so it holds none of the buffer's 3 places (on a loaded host it was
                    // still waiting when the broker stopped: then 8 were dropped).
                    statistics.await(m -> m.topic().equals(TOPICS.statistics()), WAIT);
                }
                awaitTrue("connected", reporter::connected);
                broker.stop();
                awaitTrue("the loss noticed", () -> !reporter.connected());
                for (int n = 1; n <= 10; n++) {
                    reporter.emit(Event.now(EventType.CONFIG_ERROR, "message", "error " + n));
                }
                broker.restart();
                try (MqttProbe probe = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous())) {
                    probe.subscribe(TOPICS.events());
                    List<JsonObject> events = probe.awaitCount(m -> true, 4, WAIT).stream()
                            .map(HealthReporterIT::json).toList();
                    assertEquals("messages_dropped", events.getFirst().getString("type", ""));
                    assertEquals(7, events.getFirst().getLong("count", -1));
                    assertEquals(3, events.getFirst().getLong("buffer", -1));
                    assertEquals(List.of("error 8", "error 9", "error 10"),
                            events.subList(1, 4).stream().map(e -> e.getString("message", "")).toList());
                }
            } finally {
                reporter.close();
            }
        }
    }

    @Test
    void tlsWithTheNeighbourhoodsCaAndALogin() throws Exception {
        try (Mosquitto broker = Mosquitto.start(work, Mosquitto.Options.plain().withTls()
                .withUsers(Map.of("node-a", "right horse")));
             MqttProbe probe = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous()
                     .withUser("node-a", "right horse").trusting(broker.caFile()))) {
            assertTrue(broker.url().startsWith("ssl://"), broker.url());
            probe.subscribe("lowernet/testsite/#");
            SSLSocketFactory tls = TrustedCa.socketFactory(broker.caFile());
            HealthReporter reporter = new HealthReporter(config(broker.url(),
                    "mqtt.username = node-a\nmqtt.password = right horse\nmqtt.ca = /boot/ca.pem"), TOPICS,
                    new TestNode(), Optional.of(tls));
            reporter.start();
            try {
                probe.await(m -> m.topic().equals(TOPICS.statistics()), WAIT);
            } finally {
                reporter.close();
            }
        }
    }

    @Test
    void aRefusedLoginShowsDegradedAndIsRetriedOnlySlowly() throws Exception {
        try (Mosquitto broker = Mosquitto.start(work, Mosquitto.Options.plain()
                .withUsers(Map.of("node-a", "right horse")))) {
            TestNode node = new TestNode();
            HealthReporter reporter = new HealthReporter(config(broker.url(),
                    "mqtt.username = node-a\nmqtt.password = wrong horse\nmqtt.interval = 1s"), TOPICS, node,
                    Optional.empty());
            reporter.start();
            try {
                awaitTrue("the refusal reported", () -> node.loginRefused.contains(true));
                Thread.sleep(8000);
                assertEquals(1, broker.logCount("not authorised"),
                        "one attempt in 8 s: a refused login waits " + HealthReporter.LOGIN_RETRY + "\n" + broker.log());
                assertFalse(reporter.connected());
            } finally {
                reporter.close();
            }
            assertEquals(List.of(true), node.loginRefused);
        }
    }

    @Test
    void identifyIsObeyedAndGarbageOnCmdIsIgnored() throws Exception {
        try (Mosquitto broker = Mosquitto.start(work, Mosquitto.Options.plain());
             MqttProbe probe = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous())) {
            probe.subscribe(TOPICS.statistics());
            TestNode node = new TestNode();
            HealthReporter reporter = new HealthReporter(config(broker.url(), "mqtt.interval = 1s"), TOPICS, node,
                    Optional.empty());
            reporter.start();
            try {
                awaitTrue("connected", reporter::connected);
                Thread.sleep(300); // the cmd/ subscription follows the connection
                String cmd = "lowernet/testsite/node-a/cmd/";
                probe.publish(cmd + "identify", "5", false);
                awaitTrue("identify for 5 s", () -> node.identified.contains(Duration.ofSeconds(5)));

                probe.publish(cmd + "identify", "rm -rf /", false);
                probe.publish(cmd + "identify", "9".repeat(100_000), false);
                probe.publish(cmd + "identify", "-1", false);
                probe.publish(cmd + "reboot", "", false);
                probe.publish(cmd + "identify/now", "7", false);
                probe.publish(cmd + "identify", "99999", false);
                awaitTrue("the long identify, cut to the maximum", () -> node.identified.contains(Commands.IDENTIFY_MAX));
                assertEquals(List.of(Duration.ofSeconds(5), Commands.IDENTIFY_MAX), node.identified,
                        "nothing but the two valid identifies was obeyed");

                // Still connected and reporting after the garbage.
                int before = probe.messages().size();
                probe.awaitCount(m -> true, before + 2, WAIT);
                assertTrue(reporter.connected());
            } finally {
                reporter.close();
            }
        }
    }

    @Test
    void homeAssistantDiscoveryIsRetainedAndBoundToTheStatus() throws Exception {
        try (Mosquitto broker = Mosquitto.start(work, Mosquitto.Options.plain())) {
            HealthReporter reporter = new HealthReporter(config(broker.url(), "mqtt.homeassistant = true"), TOPICS,
                    new TestNode(), Optional.empty());
            reporter.start();
            try {
                awaitTrue("connected", reporter::connected);
                try (MqttProbe probe = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous())) {
                    probe.subscribe("homeassistant/#");
                    List<MqttProbe.Received> configs = probe.awaitCount(MqttProbe.Received::retained,
                            HomeAssistant.SENSORS.size(), WAIT);
                    for (MqttProbe.Received received : configs) {
                        assertTrue(received.topic().matches("homeassistant/sensor/dca632aabbcc/[a-z_]+/config"),
                                received.topic());
                        JsonObject config = json(received);
                        assertEquals(TOPICS.status(), config.getString("availability_topic", ""));
                        assertEquals(TOPICS.statistics(), config.getString("state_topic", ""));
                        assertTrue(config.getString("unique_id", "").startsWith("lowernet_dca632aabbcc_"));
                    }
                }
            } finally {
                reporter.close();
            }
        }
    }

    private static MqttConfig config(String url, String lines) {
        ConfigResult result = ConfigParser.parse(("mqtt.broker = " + url + "\n" + lines + "\n")
                .getBytes(StandardCharsets.UTF_8), "test.conf");
        return result.config().orElseThrow(() -> new AssertionError(result.errors().toString())).mqtt();
    }

    private static JsonObject json(MqttProbe.Received received) {
        return Json.parse(received.payload()).asObject();
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + ": not within " + WAIT);
            }
            Thread.sleep(20);
        }
    }

    /** This host's /proc as the node's health, two made-up interfaces, and a record of what the reporter asked. */
    private static final class TestNode implements HealthReporter.Node {

        final List<Duration> identified = new CopyOnWriteArrayList<>();
        final List<Boolean> loginRefused = new CopyOnWriteArrayList<>();
        /** The LAN's prefixes, which move with an automatic prefix. */
        volatile List<String> prefixes = List.of("10.42.0.0/24");
        private final ProcReadings proc = new ProcReadings(Path.of("/"));

        @Override
        public NodeInfo info() {
            return new NodeInfo("dca632aabbcc", "node-a", "testsite", "Raspberry Pi 3 Model B Rev 1.2", "test",
                    "6.12.0", Optional.of("dc:a6:32:aa:bb:cc"), List.of("10.42.0.1"), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.of("02:00:00:ff:fe:00:00:0a"), prefixes,
                    Optional.empty(), Optional.empty());
        }

        @Override
        public Statistics statistics(long seq, Statistics.MqttCounters counters) throws Exception {
            List<InterfaceReport> interfaces = List.of(
                    new InterfaceReport("eth0", "wan", true, true, true, Optional.empty(), List.of("198.51.100.2/24"), 1000, 2000),
                    new InterfaceReport("eth1", "lan", true, true, false, Optional.empty(), List.of("10.42.0.1/24"), 10, 20));
            return new Statistics("dca632aabbcc", Instant.now(), seq, proc.uptimeSeconds(), proc.load(), proc.memory(),
                    OptionalDouble.empty(), 0, interfaces, "online", 1, 2, 3, proc.residentBytes(), false, counters,
                    Optional.empty(), List.of());
        }

        @Override
        public void identify(Duration duration) {
            identified.add(duration);
        }

        @Override
        public void loginRefused(boolean refused) {
            if (loginRefused.isEmpty() || loginRefused.getLast() != refused) {
                loginRefused.add(refused);
            }
        }
    }
}
