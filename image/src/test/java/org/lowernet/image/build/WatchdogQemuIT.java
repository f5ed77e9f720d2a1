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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.lowernet.runtime.health.Mosquitto;

/**
 * A frozen runtime resets the board: the built image on QEMU virt (whose i6300esb watchdog the qemu-virt profile
 * arms, with nowayout from the image's modprobe.d), a stamped admin key, and scripts/netlab's LAN namespace (root).
 * An admin logs in over SSH from the LAN (dbclient, the key the card was stamped with) and stops the JVM with
 * SIGSTOP; nothing feeds the watchdog, QEMU's model resets the machine (the harness never passes -no-reboot, so the
 * same QEMU process boots again), and the next boot's runtime reads the driver's boot status: the watchdog's reset.
 * Freeze-to-reset is measured from the SSH command's return to the second boot's first kernel line on the console
 * (so it includes the kernel's start up to its console), and printed beside the timeout. The node reports to a
 * real mosquitto on netlab's ISP side (as MqttQemuIT): the first boot's {@code boot} event says {@code power}, the
 * second's {@code watchdog}, and so does the retained nodeinfo's {@code boot.reason}, judged by mosquitto_sub.
 */
class WatchdogQemuIT {

    static final Duration READY = Duration.ofSeconds(180);
    /** The runtime's timeout; QEMU's reset must come within it, plus a margin for a slow TCG guest and its console. */
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final Duration MARGIN = Duration.ofSeconds(45);
    static final String SECOND_BOOT = "Booting Linux on physical CPU";
    static final String SITE = "testsite";
    static final String NODE = "watchdog-qemu-1";
    static final String TOPICS = "lowernet/" + SITE + "/" + NODE + "/";

    @TempDir
    Path dir;

    private record Line(long nanos, String text) {
    }

    @AfterEach
    void tearDown() throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            HostTools.sh(ImageIT.PROJECT, RouterQemuIT.NETLAB + " down");
        }
    }

    @Test
    void aFrozenRuntimeResetsTheBoardAndTheNextBootKnowsItWasTheWatchdog() throws Exception {
        HostTools.require("qemu-system-aarch64");
        HostTools.require("dropbearkey");
        HostTools.require("dbclient");
        HostTools.require("root".equals(System.getProperty("user.name")), "needs root for scripts/netlab's namespaces and TAPs");
        HostTools.require("dnsmasq");
        HostTools.require("busybox");
        HostTools.require("/usr/sbin/mosquitto");
        HostTools.require("mosquitto_sub");
        ImageBuilder.Result image = DataCards.image();

        Path admin = dir.resolve("admin");
        HostTools.Result made = HostTools.run(List.of("dropbearkey", "-t", "ed25519", "-f", admin.toString()));
        assertEquals(0, made.exitCode(), made.toString());
        String publicKey = made.out().lines().filter(l -> l.startsWith("ssh-ed25519 ")).findFirst().orElseThrow();
        Path adminPub = Files.writeString(dir.resolve("admin.pub"), publicKey + "\n");
        HostTools.sh(dir, RouterQemuIT.NETLAB + " up --router qemu");
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"),
                Mosquitto.Options.plain().inNamespace(MqttQemuIT.WAN, MqttQemuIT.ISP));
             MosquittoSub probe = MosquittoSub.start(broker.url(), Optional.of(MqttQemuIT.WAN), TOPICS + "#")) {
            Path card = dir.resolve("card.img");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = StampCommand.run(List.of(image.image().toString(), "--out", card.toString(),
                            "--ssh-key", adminPub.toString(), "--set", "node.name=" + NODE, "--set", "site=" + SITE,
                            "--set", "interface.eth0.role=wan", "--set", "interface.eth1.role=lan",
                            "--set", "wan.mode=dhcp", "--set", "lan.address=" + RouterQemuIT.LAN_ROUTER + "/24",
                            "--set", "lan.dhcp.range=203.0.113.100-203.0.113.199", "--set", "mqtt.broker=" + broker.url()),
                    System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
            freezeAndReset(card, admin, probe);
        }
    }

    private void freezeAndReset(Path card, Path admin, MosquittoSub probe) throws Exception {

        ImageBootFiles files = ImageBootFiles.extract(card, QemuMachine.VIRT, Files.createDirectories(dir.resolve("boot")));
        BootSpec spec = BootSpec.builder(QemuMachine.VIRT).image(card).kernel(files.kernel()).initrd(files.initrd())
                .kernelArguments(files.kernelArguments()).qemuArguments(RouterQemuIT.NETLAB_NICS).build();
        List<Line> lines = new CopyOnWriteArrayList<>();
        try (QemuBoot guest = QemuBoot.start(spec, line -> {
            lines.add(new Line(System.nanoTime(), line.replaceFirst("^\\S+ \\S+ (INFO|WARN|ERROR): ", "")));
            System.out.println("watchdog| " + line);
        })) {
            guest.awaitReady(READY);
            String armed = find(lines, 0, "watchdog: armed ");
            assertTrue(armed.contains("(i6300esb, i6300ESB timer), timeout 15 s"), armed);
            assertTrue(armed.endsWith("nowayout 1"), "modprobe.d's nowayout=1 reached the driver: " + armed);
            String first = find(lines, 0, "watchdog: previous reset ");
            assertTrue(first.contains("was not the watchdog's"), "a fresh QEMU: " + first);
            assertEquals(1, bootEvent(probe, "power").getLong("count", -1), "a fresh card's first boot");
            HostTools.sh(dir, RouterQemuIT.NETLAB + " lease"); // the LAN namespace has its address

            int before = lines.size();
            HostTools.Result frozen = HostTools.run(List.of("ip", "netns", "exec", "lnlan", "dbclient", "-y", "-y",
                    "-i", admin.toString(), "root@" + RouterQemuIT.LAN_ROUTER,
                    "pid=$(pidof java) && kill -STOP $pid && echo stopped java $pid"));
            long freeze = System.nanoTime();
            assertEquals(0, frozen.exitCode(), "stopping the JVM over SSH from the LAN: " + frozen);
            assertTrue(frozen.out().contains("stopped java "), frozen.toString());

            guest.awaitLine(SECOND_BOOT, TIMEOUT.plus(MARGIN));
            long reset = lines.stream().skip(before).filter(l -> l.text().contains(SECOND_BOOT)).findFirst()
                    .orElseThrow().nanos();
            guest.awaitReady(READY);
            int second = indexOf(lines, before, SECOND_BOOT);
            String status = find(lines, second, "watchdog: previous reset ");
            assertTrue(status.contains("WAS THE WATCHDOG'S (boot status 0x20)"), status);
            JsonObject boot = bootEvent(probe, "watchdog");
            assertEquals(2, boot.getLong("count", -1), boot.toString());
            MosquittoSub.Received info = probe.await(m -> m.topic().equals(TOPICS + "nodeinfo")
                    && "watchdog".equals(Json.parse(m.payload()).asObject().get("boot").asObject()
                    .getString("reason", null)), Duration.ofSeconds(60));
            assertEquals(2, Json.parse(info.payload()).asObject().get("boot").asObject().getLong("count", -1),
                    "the second boot of the card: " + info);
            double seconds = (reset - freeze) / 1e9;
            // The reset is due one timeout after the last feed, which came up to a feed interval (5 s) before the freeze.
            System.out.printf("watchdog: JVM stopped (%s) -> second boot's first kernel line %.1f s; timeout %d s"
                            + " (the floor after the last feed), ratio %.2f; next boot: %s; MQTT boot event %s%n",
                    frozen.out().strip(), seconds, TIMEOUT.toSeconds(), seconds / TIMEOUT.toSeconds(), status, boot);
        } finally {
            Files.write(dir.resolve("console.log"), lines.stream().map(Line::text).toList());
        }
    }

    /** The {@code boot} event with {@code reason} the broker got from the node (the probe keeps every message). */
    private static JsonObject bootEvent(MosquittoSub probe, String reason) throws InterruptedException {
        MosquittoSub.Received event = probe.await(m -> {
            if (!m.topic().equals(TOPICS + "events")) {
                return false;
            }
            JsonObject e = Json.parse(m.payload()).asObject();
            return "boot".equals(e.getString("type", null)) && reason.equals(e.getString("reason", null));
        }, Duration.ofSeconds(120));
        return Json.parse(event.payload()).asObject();
    }

    private static int indexOf(List<Line> lines, int from, String text) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).text().contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line containing '" + text + "' after line " + from);
    }

    private static String find(List<Line> lines, int from, String text) {
        return lines.get(indexOf(lines, from, text)).text();
    }
}
