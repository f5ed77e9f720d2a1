package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.MosquittoSub;
import org.lowernet.image.qemu.BootSpec;
import org.lowernet.image.qemu.ImageBootFiles;
import org.lowernet.image.qemu.QemuBoot;
import org.lowernet.image.qemu.QemuMachine;
import org.lowernet.image.stamp.StampCommand;
import org.lowernet.runtime.board.Board;
import org.lowernet.runtime.board.JvmOptions;
import org.lowernet.runtime.health.Mosquitto;

/**
 * The image, stamped with a broker on scripts/netlab's ISP side, booted on QEMU virt as the router: the
 * broker (a real mosquitto inside lnwan, bound to the ISP's 198.51.100.1) gets the retained {@code online},
 * the retained nodeinfo and statistics every interval; after a SIGKILL of QEMU the broker itself publishes
 * the Last Will, a retained {@code offline}, once the keep-alive has run out. What the broker got is judged
 * by mosquitto_sub, a host tool, from inside lnwan. Needs root (namespaces, TAPs).
 */
class MqttQemuIT {

    /** scripts/netlab's ISP: its namespace, and its address there, where the router's uplink leads. */
    static final String WAN = "lnwan";
    static final String ISP = "198.51.100.1";
    static final String SITE = "testsite";
    static final String NODE = "mqtt-qemu-1";
    static final String TOPICS = "lowernet/" + SITE + "/" + NODE + "/";
    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final Duration KEEPALIVE = Duration.ofSeconds(3);
    /** How many statistics to judge: enough that the last two are past the start's catch-up. */
    static final int STATISTICS = 5;
    /** MQTT 3.1.1 §3.1.2.10: the broker gives up on a silent client after 1.5 times the keep-alive. */
    static final Duration WILL_BOUND = KEEPALIVE.multipliedBy(3).dividedBy(2);
    /**
     * Mosquitto 2.0 counts the keep-alive in whole seconds, and its old check (src/keepalive.c, built with
     * WITH_OLD_KEEPALIVE) looks at the clients only every 5 s: the will may come up to ~6 s late.
     */
    static final Duration WILL_SLACK = Duration.ofSeconds(7);

    @TempDir
    Path dir;

    private boolean netlabUp;

    @AfterEach
    void tearDown() throws Exception {
        if (netlabUp) {
            HostTools.sh(ImageIT.PROJECT, RouterQemuIT.NETLAB + " down");
        }
    }

    @Test
    void reportsOnlineNodeinfoAndStatisticsAndTheWillSaysOfflineAfterQemuIsKilled() throws Exception {
        requireNetlabAndBroker();
        ImageBuilder.Result image = DataCards.image();
        netlabUp = true;
        HostTools.sh(dir, RouterQemuIT.NETLAB + " up --router qemu");

        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"),
                Mosquitto.Options.plain().inNamespace(WAN, ISP));
             MosquittoSub probe = MosquittoSub.start(broker.url(), Optional.of(WAN), TOPICS + "#")) {
            Path node = stamp(image.image(), broker.url());
            try {
                run(node, probe, broker);
            } catch (Exception | AssertionError e) {
                // The console went to stdout as it came; the broker's side of the story goes there now.
                broker.log().forEach(line -> System.out.println("broker| " + line));
                throw e;
            }
        }
    }

    private void run(Path node, MosquittoSub probe, Mosquitto broker) throws Exception {
        long started = System.nanoTime();
        try (QemuBoot guest = QemuBoot.start(spec(node), line -> System.out.println("router| " + line))) {
            String jvm = guest.awaitLine(" jvm: ", Duration.ofSeconds(180));
            // The launcher's malloc setting, as the running process's environment has it.
            String malloc = guest.awaitLine(" malloc: ", Duration.ofSeconds(30)).strip();
            assertTrue(malloc.endsWith(" malloc: MALLOC_ARENA_MAX=2"), malloc);
            guest.awaitReady(Duration.ofSeconds(180));
            double ready = seconds(started);
            MosquittoSub.Received online = probe.await(m -> m.topic().equals(TOPICS + "status"), Duration.ofSeconds(90));
            double toOnline = seconds(started);
            assertEquals("online", online.payload(), "the first status");

            List<JsonObject> statistics = probe.awaitCount(m -> m.topic().equals(TOPICS + "statistics"),
                    STATISTICS, INTERVAL.multipliedBy(STATISTICS * 3)).stream().map(MqttQemuIT::json).toList();
            assertStatistics(statistics);
            assertJvmAsTheBoardProfileAsks(jvm, statistics.getLast());

            // A client arriving now gets what the broker retained: online and the nodeinfo.
            try (MosquittoSub late = MosquittoSub.start(broker.url(), Optional.of(WAN), TOPICS + "status",
                    TOPICS + "nodeinfo")) {
                MosquittoSub.Received status = late.await(m -> m.topic().endsWith("/status"), Duration.ofSeconds(10));
                assertTrue(status.retained() && status.payload().equals("online"), status.toString());
                MosquittoSub.Received info = late.await(m -> m.topic().endsWith("/nodeinfo"), Duration.ofSeconds(10));
                assertTrue(info.retained(), info.toString());
                assertNodeInfo(json(info));
            }

            // SIGKILL: the guest sends nothing more, not even a TCP FIN; only the keep-alive can tell.
            long killed = System.nanoTime();
            guest.process().destroyForcibly();
            guest.process().onExit().get(10, TimeUnit.SECONDS);
            MosquittoSub.Received offline = probe.await(
                    m -> m.topic().equals(TOPICS + "status") && m.payload().equals("offline"), Duration.ofSeconds(20));
            double toOffline = seconds(killed);
            System.out.printf(Locale.ROOT, "MqttQemuIT: ready %.1f s, online %.1f s after QEMU started; offline %.1f s"
                    + " after the kill (keep-alive %d s)%n", ready, toOnline, toOffline, KEEPALIVE.toSeconds());
            assertTrue(toOffline <= WILL_BOUND.plus(WILL_SLACK).toMillis() / 1000.0,
                    "the will came " + toOffline + " s after the kill: " + offline);
            broker.log().stream().filter(line -> line.contains("has exceeded timeout")).forEach(System.out::println);
            assertTrue(broker.logCount("has exceeded timeout") >= 1,
                    "the broker did not say the keep-alive ran out:\n" + String.join("\n", broker.log()));
        }
        try (MosquittoSub late = MosquittoSub.start(broker.url(), Optional.of(WAN), TOPICS + "status")) {
            MosquittoSub.Received status = late.await(m -> true, Duration.ofSeconds(10));
            assertTrue(status.retained() && status.payload().equals("offline"), status.toString());
        }
    }

    /** What the image as a router on scripts/netlab's TAPs, with a real broker on the ISP side, needs of the host. */
    static void requireNetlabAndBroker() {
        HostTools.require("root".equals(System.getProperty("user.name")), "needs root for namespaces and TAPs");
        HostTools.require("qemu-system-aarch64");
        HostTools.require("dnsmasq");
        HostTools.require("busybox");
        HostTools.require("/usr/sbin/mosquitto");
        HostTools.require("mosquitto_sub");
    }

    /** The checkout's image with this node's settings: WAN by DHCP from netlab's ISP, where the broker is. */
    private Path stamp(Path image, String broker) throws Exception {
        Path node = dir.resolve(NODE + ".img");
        List<String> args = new ArrayList<>(List.of(image.toString(), "--out", node.toString()));
        for (String setting : List.of("node.name=" + NODE, "site=" + SITE, "interface.eth0.role=wan",
                "interface.eth1.role=lan", "wan.mode=dhcp", "lan.address=203.0.113.1/24",
                "lan.dhcp.range=203.0.113.100-203.0.113.199", "mqtt.broker=" + broker,
                "mqtt.interval=" + INTERVAL.toSeconds() + "s", "mqtt.keepalive=" + KEEPALIVE.toSeconds() + "s")) {
            args.addAll(List.of("--set", setting));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = StampCommand.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, "stamping " + args + ": " + err.toString(StandardCharsets.UTF_8));
        return node;
    }

    /** As RouterQemuIT: eth0 on netlab's WAN TAP, eth1 on its LAN TAP. */
    private BootSpec spec(Path image) throws Exception {
        Path work = Files.createDirectories(dir.resolve("boot"));
        ImageBootFiles files = ImageBootFiles.extract(image, QemuMachine.VIRT, work);
        return BootSpec.builder(QemuMachine.VIRT).image(image).kernel(files.kernel()).initrd(files.initrd())
                .kernelArguments(files.kernelArguments()).qemuArguments(RouterQemuIT.NETLAB_NICS)
                .build();
    }

    private static void assertNodeInfo(JsonObject info) {
        assertEquals(NODE, info.getString("hostname", null), info.toString());
        assertEquals(SITE, info.getString("site", null), info.toString());
        // QEMU virt's device tree names no board model beyond this.
        assertEquals("linux,dummy-virt", info.get("hardware").asObject().getString("model", null), info.toString());
        // The primary MAC is the WAN NIC's, as the QEMU command line gave it.
        assertEquals("52:54:00:4c:4e:01", info.get("network").asObject().getString("mac", null), info.toString());
        assertEquals("5254004c4e01", info.getString("node_id", null), info.toString());
    }

    private static void assertStatistics(List<JsonObject> statistics) {
        String all = String.join("\n", statistics.stream().map(JsonObject::toString).toList());
        for (int i = 1; i < statistics.size(); i++) {
            JsonObject before = statistics.get(i - 1);
            JsonObject after = statistics.get(i);
            assertEquals(before.getLong("seq", -1) + 1, after.getLong("seq", -2), "seq, message " + i + ":\n" + all);
            assertTrue(after.getDouble("uptime", -1) > before.getDouble("uptime", -1), "uptime, message " + i
                    + ":\n" + all);
        }
        // The stamped interval, not the default 30 s. The first rounds are left out: they wait for the
        // connect on the reporter's one thread and then follow each other at once (fixed-rate catch-up).
        JsonObject before = statistics.get(statistics.size() - 2);
        double round = statistics.getLast().getDouble("uptime", -1) - before.getDouble("uptime", -1);
        assertTrue(round >= INTERVAL.toSeconds() / 2.0 && round <= INTERVAL.toSeconds() * 5.0,
                round + " s of uptime between the last two statistics, for an interval of " + INTERVAL + ":\n" + all);
        for (JsonObject one : statistics) {
            JsonObject memory = one.get("memory").asObject();
            long total = memory.getLong("total", -1);
            long available = memory.getLong("available", -1);
            long free = memory.getLong("free", -1);
            // QEMU gives the guest 1 GiB (QemuMachine.VIRT); the kernel keeps some of it for itself.
            assertTrue(total > 512 * 1024 && total <= 1024 * 1024, "memory.total in kB:\n" + one);
            assertTrue(available > 0 && available <= total && free > 0 && free <= total, "memory:\n" + one);
        }
    }

    /**
     * The options the runtime's JVM really runs with (its own /proc/self/cmdline, which the runtime logs as
     * {@code jvm:}) are those of the qemu-virt board profile, and its -Xmx the profile's heap rule applied to the
     * MemTotal the statistics report; the heap limit the JVM reports is that -Xmx (less a survivor space at most).
     */
    static void assertJvmAsTheBoardProfileAsks(String jvmLine, JsonObject statistics) throws Exception {
        JvmOptions profile = Board.read(ImageIT.PROJECT.resolve("board/qemu-virt/board.conf"), "qemu-virt").jvm();
        List<String> running = List.of(jvmLine.substring(jvmLine.indexOf(" jvm: ") + 6).split(" "));
        long memTotalKb = statistics.get("memory").asObject().getLong("total", -1);
        String xmx = "-Xmx" + profile.heapMib(memTotalKb) + "m";
        assertEquals(List.of(xmx), running.stream().filter(a -> a.startsWith("-Xmx")).toList(),
                "the heap limit for MemTotal " + memTotalKb + " kB by " + profile + ": " + jvmLine);
        assertTrue(running.containsAll(profile.options()), "the board's options " + profile.options() + " in "
                + jvmLine);
        JsonObject heap = statistics.get("runtime").asObject().get("heap").asObject();
        long max = heap.getLong("max", -1);
        long limit = profile.heapMib(memTotalKb) * 1024L * 1024;
        // Runtime.maxMemory: -Xmx rounded up to the heap's alignment (a few MiB at most), less one survivor space.
        assertTrue(max <= limit + 4L * 1024 * 1024 && max >= limit * 3 / 4, "runtime.heap.max " + max
                + " for " + xmx + ":\n" + statistics);
        long committed = heap.getLong("committed", -1);
        assertTrue(committed >= heap.getLong("used", -1) && committed <= max, "runtime.heap:\n" + statistics);
    }

    private static JsonObject json(MosquittoSub.Received message) {
        return Json.parse(message.payload()).asObject();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
