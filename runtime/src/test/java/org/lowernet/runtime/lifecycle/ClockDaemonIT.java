package org.lowernet.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.Chronyd;
import org.lowernet.runtime.Requires;
import org.lowernet.runtime.health.Mosquitto;
import org.lowernet.runtime.health.MqttProbe;
import org.lowernet.runtime.net.Netns;

/**
 * NTP against a real server: chrony's chronyd in a test namespace on its 127.0.0.1, the daemon (its own JVM,
 * in the same namespace) with {@code time.servers = 127.0.0.1}, its statistics read from a real mosquitto.
 * While chronyd is not running, {@code clock.synced} is false and the daemon says no server answered; once
 * chronyd serves, the daemon's SNTP client hears it and {@code clock.synced} becomes true.
 *
 * <p>The host's clock is never touched: chronyd runs with {@code -x} (it never adjusts the clock, it serves
 * it) and both programs run under {@code setpriv --bounding-set=-sys_time}, so neither can ever set it (the
 * clock is not namespaced). The daemon would not set it anyway: its root is a test folder, and chronyd serves
 * the very clock it reads, so the offset is far below the step threshold.
 */
class ClockDaemonIT {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String TOPIC = "lowernet/riverside/lowernet-c0ffee/";

    @TempDir
    Path work;

    @Test
    void clockSyncedBecomesTrueOnceARealNtpServerAnswers() throws Exception {
        Requires.executable(Chronyd.PROGRAM, "chrony");
        Requires.that("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        try (Netns ns = Netns.create()) {
            ns.ip("link", "set", "lo", "up");
            ns.ip("link", "add", "lan0", "type", "veth", "peer", "name", "lanp");
            try (Mosquitto broker = Mosquitto.start(work.resolve("broker"), Mosquitto.Options.plain().inNamespace(ns.name));
                 MqttProbe probe = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous().inNamespace(ns.name))) {
                probe.subscribe(TOPIC + "statistics");
                Path root = Files.createDirectories(work.resolve("root"));
                DaemonProcess.prepareRoot(root, """
                        interface.lan0.role = lan
                        site = riverside
                        time.servers = 127.0.0.1
                        mqtt.broker = %s
                        mqtt.interval = 1s
                        """.formatted(broker.url()));
                try (DaemonProcess daemon = DaemonProcess.start(ns, root)) {
                    daemon.awaitLine("lowernet ready");
                    assertFalse(daemon.maySetTheClock(), "the daemon's JVM must not hold CAP_SYS_TIME");
                    daemon.awaitLine(l -> l.startsWith("ntp: no usable answer: no answer from 127.0.0.1 port 123"),
                            "no NTP answer before chronyd runs");
                    Instant before = Instant.now();
                    probe.await(m -> m.at().isAfter(before) && synced(m.payload()) == Boolean.FALSE, WAIT);

                    try (Chronyd chronyd = Chronyd.start(work.resolve("chrony"), ns.name, "127.0.0.1")) {
                        Instant started = Instant.now();
                        List<String> lines = daemon.awaitLine(l -> l.startsWith("ntp: clock synced with 127.0.0.1"),
                                "the SNTP client hearing chronyd");
                        String synced = lines.getLast();
                        assertTrue(synced.matches("ntp: clock synced with 127\\.0\\.0\\.1 \\(stratum 1\\), off by "
                                + "[-+]0\\.0\\d\\d s, delay \\d+ ms"), synced);
                        MqttProbe.Received statistics = probe.await(m -> m.at().isAfter(started)
                                && synced(m.payload()) == Boolean.TRUE, WAIT);
                        System.out.printf("ClockDaemonIT: %s; clock.synced true %d ms after chronyd started%n",
                                synced, Duration.between(started, statistics.at()).toMillis());
                        assertTrue(daemon.lines().stream().noneMatch(l -> l.contains("stepped")), daemon.lines().toString());
                    }
                }
            }
        }
    }

    private static Boolean synced(String statistics) {
        return Json.parse(statistics).asObject().get("clock").asObject().getBoolean("synced", false);
    }
}
