package org.lowernet.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.health.Mosquitto;
import org.lowernet.runtime.health.MqttProbe;
import org.lowernet.runtime.net.Netns;

/**
 * The daemon's health reports as the device sends them: the real daemon JVM in a test namespace, a real
 * mosquitto on that namespace's 127.0.0.1, a probe whose sockets are made inside it. Birth, statistics,
 * identify reaching the LEDs, the Last Will on SIGKILL, and a refused login shown as degraded LEDs.
 */
class HealthDaemonIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOPIC = "lowernet/riverside/lowernet-c0ffee/";

    @TempDir
    Path work;

    @Test
    void onlineStatisticsIdentifyAndTheWillOnSigkill() throws Exception {
        try (Netns ns = namespace("lan0")) {
            try (Mosquitto broker = Mosquitto.start(work.resolve("broker"), Mosquitto.Options.plain().inNamespace(ns.name));
                 MqttProbe probe = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous().inNamespace(ns.name))) {
                probe.subscribe(TOPIC + "#");
                Path root = Files.createDirectories(work.resolve("root"));
                DaemonProcess.prepareRoot(root, """
                        interface.lan0.role = lan
                        site = riverside
                        location = 52.5200,13.4050
                        mqtt.broker = %s
                        mqtt.interval = 1s
                        mqtt.keepalive = 2s
                        """.formatted(broker.url()));
                try (DaemonProcess daemon = DaemonProcess.start(ns, root)) {
                    daemon.awaitLine("lowernet ready");
                    probe.await(m -> m.topic().equals(TOPIC + "status") && m.payload().equals("online"), WAIT);
                    // Network, LEDs and health all running: one subscription feeds them all.
                    assertEquals(1, daemon.rtnetlinkSubscriptions(), "rtnetlink sockets subscribed to events");
                    JsonObject info = json(probe.await(m -> m.topic().equals(TOPIC + "nodeinfo"), WAIT));
                    assertEquals("lowernet-c0ffee", info.getString("hostname", ""));
                    assertEquals("linux,dummy-virt", info.get("hardware").asObject().getString("model", ""));
                    assertEquals(52.52, info.get("location").asObject().getDouble("latitude", 0), 1e-9);
                    String mac = info.get("network").asObject().getString("mac", "");
                    assertEquals(mac.replace(":", ""), info.getString("node_id", ""), "respondd's node_id is the MAC");
                    JsonObject boot = info.get("boot").asObject();
                    assertEquals(1, boot.getLong("count", 0));
                    assertEquals("power", boot.getString("reason", ""));
                    JsonObject booted = json(probe.await(m -> m.topic().equals(TOPIC + "events")
                            && m.payload().contains("\"boot\""), WAIT));
                    assertEquals("power", booted.getString("reason", ""));

                    JsonObject statistics = json(probe.await(m -> m.topic().equals(TOPIC + "statistics"), WAIT));
                    JsonObject lan = statistics.get("interfaces").asArray().get(0).asObject();
                    assertEquals("lan0", lan.getString("name", ""));
                    assertEquals("[\"10.42.0.1/24\"]", lan.get("addresses").toString());

                    // A link event in the namespace becomes an events message.
                    ns.ip("link", "set", "lanp", "up");
                    JsonObject linkUp = json(probe.await(m -> m.topic().equals(TOPIC + "events")
                            && m.payload().contains("\"link_up\""), WAIT));
                    assertEquals("lan0", linkUp.getString("interface", ""));

                    probe.publish(TOPIC + "cmd/identify", "30", false);
                    daemon.awaitLine(l -> l.startsWith("leds: identify"), "the LEDs identifying");
                    probe.await(m -> m.topic().equals(TOPIC + "statistics") && m.payload().contains("\"leds\":\"identify\""),
                            WAIT);

                    Instant killed = Instant.now();
                    daemon.kill();
                    // The broker says offline for it within 1.5 keep-alives (3 s) of silence, plus its own tick.
                    MqttProbe.Received will = probe.await(m -> m.topic().equals(TOPIC + "status")
                            && m.payload().equals("offline"), Duration.ofSeconds(15));
                    assertTrue(will.at().isAfter(killed), will.toString());
                    assertEquals(0, daemon.lines().stream().filter(l -> l.contains("said offline")).count(),
                            "SIGKILL: the will spoke, not the daemon");
                }
                // Started again (a new boot: the test root has no kernel boot id), it says online again, and
                // that this is boot 2, after one that ended without a clean stop.
                try (DaemonProcess again = DaemonProcess.start(ns, root)) {
                    Instant restarted = Instant.now();
                    probe.await(m -> m.topic().equals(TOPIC + "status") && m.payload().equals("online")
                            && m.at().isAfter(restarted), WAIT);
                    JsonObject boot = json(probe.await(m -> m.topic().equals(TOPIC + "nodeinfo") && m.at().isAfter(restarted),
                            WAIT)).get("boot").asObject();
                    assertEquals(2, boot.getLong("count", 0));
                    assertEquals("power", boot.getString("reason", ""));
                }
            }
        }
    }

    @Test
    void withoutTheLedSubsystemUplinkAndLinkEventsStillReachTheNeighbourhood() throws Exception {
        try (Netns ns = namespace("lan0")) {
            ns.ip("link", "add", "wan0", "type", "veth", "peer", "name", "wanp");
            try (Mosquitto broker = Mosquitto.start(work.resolve("broker"), Mosquitto.Options.plain().inNamespace(ns.name));
                 MqttProbe probe = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous().inNamespace(ns.name))) {
                probe.subscribe(TOPIC + "#");
                Path root = Files.createDirectories(work.resolve("root"));
                DaemonProcess.prepareRoot(root, """
                        interface.lan0.role = lan
                        interface.wan0.role = wan
                        wan.mode = static
                        wan.address = 203.0.113.5/24
                        wan.gateway = 203.0.113.1
                        wan.dns = 203.0.113.53
                        site = riverside
                        mqtt.broker = %s
                        mqtt.interval = 1s
                        """.formatted(broker.url()));
                try (DaemonProcess daemon = DaemonProcess.start(ns, root, Daemon.OFF + "=leds")) {
                    daemon.awaitLine("lowernet ready");
                    assertTrue(daemon.lines().contains("subsystem leds left out (lowernet.off=leds)"), daemon.lines().toString());
                    probe.await(m -> m.topic().equals(TOPIC + "status") && m.payload().equals("online"), WAIT);

                    ns.ip("link", "set", "wanp", "up");
                    JsonObject up = json(probe.await(m -> m.topic().equals(TOPIC + "events")
                            && m.payload().contains("\"uplink_up\""), WAIT));
                    assertEquals("wan0", up.getString("interface", ""));
                    probe.await(m -> m.topic().equals(TOPIC + "events") && m.payload().contains("\"link_up\"")
                            && m.payload().contains("\"wan0\""), WAIT);
                    ns.ip("link", "set", "wanp", "down");
                    probe.await(m -> m.topic().equals(TOPIC + "events") && m.payload().contains("\"uplink_down\""), WAIT);
                    probe.await(m -> m.topic().equals(TOPIC + "statistics") && m.payload().contains("\"leds\":\"off\""),
                            WAIT);
                    assertEquals(1, daemon.rtnetlinkSubscriptions(), "rtnetlink sockets subscribed to events");
                }
            }
        }
    }

    @Test
    void aRefusedLoginIsSaidClearlyAndTheLedsShowDegraded() throws Exception {
        try (Netns ns = namespace("lan0")) {
            try (Mosquitto broker = Mosquitto.start(work.resolve("broker"), Mosquitto.Options.plain()
                    .withUsers(Map.of("infoshop", "right horse")).inNamespace(ns.name))) {
                Path root = Files.createDirectories(work.resolve("root"));
                DaemonProcess.prepareRoot(root, """
                        interface.lan0.role = lan
                        mqtt.broker = %s
                        mqtt.username = infoshop
                        mqtt.password = wrong horse
                        """.formatted(broker.url()));
                try (DaemonProcess daemon = DaemonProcess.start(ns, root)) {
                    daemon.awaitLine(l -> l.contains("refused the login of user 'infoshop'")
                            && l.contains("check mqtt.username and mqtt.password"), "the refusal said clearly");
                    daemon.awaitLine(l -> l.startsWith("leds: degraded"), "degraded LEDs");
                    assertTrue(daemon.lines().stream().noneMatch(l -> l.contains("wrong horse")), "the password is never logged");
                }
            }
        }
    }

    @Test
    void aBrokenConfigIsReportedToTheNeighbourhood() throws Exception {
        try (Netns ns = namespace("eth1")) {
            try (Mosquitto broker = Mosquitto.start(work.resolve("broker"), Mosquitto.Options.plain().inNamespace(ns.name));
                 MqttProbe probe = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous().inNamespace(ns.name))) {
                probe.subscribe(TOPIC + "#");
                Path root = Files.createDirectories(work.resolve("root"));
                DaemonProcess.prepareRoot(root, """
                        site = riverside
                        lan.adress = 10.9.0.1/24
                        mqtt.broker = %s
                        """.formatted(broker.url()));
                try (DaemonProcess daemon = DaemonProcess.start(ns, root)) {
                    JsonObject error = json(probe.await(m -> m.topic().equals(TOPIC + "events")
                            && m.payload().contains("\"config_error\""), WAIT));
                    assertTrue(error.getString("message", "").contains("lan.adress = 10.9.0.1/24: expected a key"
                            + " lowernet knows, found an unknown key; did you mean lan.address?"), error.toString());
                    probe.await(m -> m.topic().equals(TOPIC + "statistics") && m.payload().contains("\"leds\":\"config-error\""),
                            WAIT);
                }
            }
        }
    }

    /** A namespace whose loopback carries the broker, with a LAN veth {@code lan} (its peer lanp left down). */
    private static Netns namespace(String lan) throws Exception {
        Netns ns = Netns.create();
        try {
            ns.ip("link", "set", "lo", "up");
            ns.ip("link", "add", lan, "type", "veth", "peer", "name", "lanp");
            return ns;
        } catch (Exception e) {
            ns.close();
            throw e;
        }
    }

    private static JsonObject json(MqttProbe.Received received) {
        return Json.parse(received.payload()).asObject();
    }
}
