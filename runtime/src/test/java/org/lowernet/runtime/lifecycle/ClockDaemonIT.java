package org.lowernet.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.eclipsesource.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.health.Mosquitto;
import org.lowernet.runtime.health.MqttProbe;
import org.lowernet.runtime.net.Netns;
import org.lowernet.runtime.Requires;

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
    private static final Path CHRONYD = Path.of("/usr/sbin/chronyd");

    @TempDir
    Path work;

    @Test
    void clockSyncedBecomesTrueOnceARealNtpServerAnswers() throws Exception {
        Requires.executable(CHRONYD, "chrony");
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

                    Process chronyd = chronyd(ns);
                    try {
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
                    } finally {
                        chronyd.destroy();
                        if (!chronyd.waitFor(10, TimeUnit.SECONDS)) {
                            chronyd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                        }
                    }
                }
            }
        }
    }

    private static Boolean synced(String statistics) {
        return Json.parse(statistics).asObject().get("clock").asObject().getBoolean("synced", false);
    }

    /**
     * chronyd serving its clock as stratum 1 on the namespace's 127.0.0.1: {@code local stratum 1} with no
     * sources, {@code -x} never to adjust the clock, no command port or socket, root so that it can write its
     * pid file in the test's folder; without CAP_SYS_TIME.
     */
    private Process chronyd(Netns ns) throws IOException, InterruptedException {
        Path folder = Files.createDirectories(work.resolve("chrony"));
        Path config = Files.writeString(folder.resolve("chrony.conf"), """
                local stratum 1
                allow 127.0.0.1
                bindaddress 127.0.0.1
                port 123
                cmdport 0
                bindcmdaddress /
                pidfile %s
                """.formatted(folder.resolve("chronyd.pid")));
        Process chronyd = new ProcessBuilder("ip", "netns", "exec", ns.name, "setpriv",
                "--bounding-set=-" + DaemonProcess.NO_CLOCK, CHRONYD.toString(), "-x", "-d", "-u", "root", "-f",
                config.toString()).redirectErrorStream(true).redirectOutput(folder.resolve("chronyd.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.readString(folder.resolve("chronyd.log")).contains("Disabled control of system clock")) {
            if (!chronyd.isAlive() || System.nanoTime() > deadline) {
                chronyd.destroyForcibly();
                fail("chronyd did not start with the clock's control disabled: "
                        + Files.readString(folder.resolve("chronyd.log")));
            }
            Thread.sleep(50);
        }
        return chronyd;
    }
}
