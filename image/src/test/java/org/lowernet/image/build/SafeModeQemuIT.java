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
 * A crash loop on the real image, in one boot of QEMU virt: the test-only switch {@code lowernet.test.crash=start}
 * on the kernel command line makes every normal start of the runtime fail; busybox init restarts it each time;
 * after 5 the next start runs in safe mode. The card is stamped with its own LAN (203.0.113.1/24), an admin key
 * and a broker on scripts/netlab's ISP side; safe mode must serve the built-in LAN instead (the LAN client's
 * lease is in 10.42.0.0/24), still let the admin in over SSH (ssh-keyscan from the LAN namespace), and report
 * the crash to the broker (a {@code safe_mode} event, and nodeinfo's boot reason {@code crash-loop}, judged by
 * mosquitto_sub). Needs root (namespaces, TAPs).
 */
class SafeModeQemuIT {

    static final String SITE = "testsite";
    static final String NODE = "safe-qemu-1";
    static final String TOPICS = "lowernet/" + SITE + "/" + NODE + "/";
    static final String CRASHED = "crash-loop: this start failed, recorded as a crash";
    static final String SAFE_MODE = "SAFE MODE after 5 crashes within 10 min";
    /** The built-in LAN (LanConfig's defaults), which safe mode serves whatever the card says. */
    static final String DEFAULT_ROUTER = "10.42.0.1";

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
    void fiveCrashesAtStartEndInSafeModeWithTheBuiltInLanSshAndTheCrashReported() throws Exception {
        MqttQemuIT.requireNetlabAndBroker();
        HostTools.require("dropbearkey");
        HostTools.require("ssh-keyscan");
        ImageBuilder.Result image = DataCards.image();
        netlabUp = true;
        HostTools.sh(dir, RouterQemuIT.NETLAB + " up --router qemu");

        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"),
                Mosquitto.Options.plain().inNamespace(MqttQemuIT.WAN, MqttQemuIT.ISP));
             MosquittoSub events = MosquittoSub.start(broker.url(), Optional.of(MqttQemuIT.WAN), TOPICS + "events",
                     TOPICS + "nodeinfo")) {
            Path card = stamp(image.image(), broker.url());
            List<String> console = new CopyOnWriteArrayList<>();
            long began = System.nanoTime();
            try (QemuBoot guest = QemuBoot.start(spec(card), line -> {
                System.out.println("router| " + line);
                console.add(line.replaceFirst("^\\S+ \\S+ (INFO|WARN|ERROR): ", ""));
            })) {
                guest.awaitLine(SAFE_MODE, Duration.ofSeconds(420));
                double toSafeMode = seconds(began);
                guest.awaitReady(Duration.ofSeconds(120));
                double toReady = seconds(began);
                List<String> lines = List.copyOf(console);
                String all = String.join("\n", lines);
                assertEquals(5, lines.stream().filter(l -> l.startsWith(CRASHED)).count(), "five failed starts:\n" + all);
                assertEquals(5, lines.stream().filter(l -> l.contains("the router daemon failed")).count(), all);
                assertEquals(6, lines.stream().filter(l -> l.startsWith("lowernet runtime ")).count(),
                        "init started the runtime six times:\n" + all);
                assertTrue(lines.stream().anyMatch(l -> l.startsWith(SAFE_MODE) && l.contains("test-only crash at start")),
                        "the reason is said:\n" + all);
                assertTrue(lines.contains("leds: safe-mode (status=fast blink, uplink=off, mesh=off)")
                        || lines.stream().anyMatch(l -> l.startsWith("leds: safe-mode (status=fast blink")), all);

                String client = HostTools.sh(dir, RouterQemuIT.NETLAB + " lease").strip();
                int last = Integer.parseInt(client.substring(client.lastIndexOf('.') + 1));
                assertTrue(client.startsWith("10.42.0.") && last >= 100 && last <= 199,
                        "the LAN client's lease " + client + " is not from the built-in LAN 10.42.0.0/24");
                String keys = keyscan(Duration.ofSeconds(30));

                MosquittoSub.Received received = events.await(m -> m.topic().endsWith("/events")
                        && json(m).getString("type", "").equals("safe_mode"), Duration.ofSeconds(90));
                JsonObject event = json(received);
                assertEquals(5, event.getInt("crashes", -1), event.toString());
                assertEquals(600, event.getInt("window_s", -1), event.toString());
                assertTrue(event.getString("last_crash", "").contains("test-only crash at start"), event.toString());
                double toEvent = seconds(began);
                // The boot's reason, as the neighbourhood sees it: nodeinfo's boot object says crash-loop.
                JsonObject info = json(events.await(m -> m.topic().endsWith("/nodeinfo"), Duration.ofSeconds(30)));
                JsonObject boot = info.get("boot").asObject();
                assertEquals("crash-loop", boot.getString("reason", ""), info.toString());
                assertTrue(boot.getString("detail", "").startsWith("5 crashes within 10 min"), info.toString());
                System.out.printf(Locale.ROOT, "SafeModeQemuIT: 5 crashes at start, safe mode %.1f s after QEMU started,"
                        + " ready %.1f s, the safe_mode event at the broker %.1f s; LAN client %s; ssh %s%n",
                        toSafeMode, toReady, toEvent, client, keys);
            } finally {
                Files.write(dir.resolve("console.log"), console);
            }
        }
    }

    /** The built image with this node's settings, which safe mode must not route with, and an admin key. */
    private Path stamp(Path image, String broker) throws Exception {
        Path admin = dir.resolve("admin");
        HostTools.Result made = HostTools.run(List.of("dropbearkey", "-t", "ed25519", "-f", admin.toString()));
        assertEquals(0, made.exitCode(), made.toString());
        String publicKey = made.out().lines().filter(l -> l.startsWith("ssh-ed25519 ")).findFirst().orElseThrow();
        Path adminPub = Files.writeString(dir.resolve("admin.pub"), publicKey + "\n");
        Path node = dir.resolve(NODE + ".img");
        List<String> args = new ArrayList<>(List.of(image.toString(), "--out", node.toString(),
                "--ssh-key", adminPub.toString()));
        for (String setting : List.of("node.name=" + NODE, "site=" + SITE, "interface.eth0.role=wan",
                "interface.eth1.role=lan", "wan.mode=dhcp", "lan.address=" + RouterQemuIT.LAN_ROUTER + "/24",
                "lan.dhcp.range=203.0.113.100-203.0.113.199", "mqtt.broker=" + broker, "mqtt.interval=2s")) {
            args.addAll(List.of("--set", setting));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = StampCommand.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, "stamping " + args + ": " + err.toString(StandardCharsets.UTF_8));
        return node;
    }

    /** As RouterQemuIT, with the test-only crash switch on the kernel command line. */
    private BootSpec spec(Path card) throws Exception {
        Path work = Files.createDirectories(dir.resolve("boot"));
        ImageBootFiles files = ImageBootFiles.extract(card, QemuMachine.VIRT, work);
        return BootSpec.builder(QemuMachine.VIRT).image(card).kernel(files.kernel()).initrd(files.initrd())
                .kernelArguments(files.kernelArguments() + " lowernet.test.crash=start")
                .qemuArguments(RouterQemuIT.NETLAB_NICS).build();
    }

    /** ssh-keyscan of the router's built-in LAN address from the LAN namespace: SSH runs in safe mode. */
    private String keyscan(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HostTools.Result scan;
        do {
            scan = HostTools.run(List.of("ip", "netns", "exec", "lnlan", "ssh-keyscan", "-T", "5", "-t", "ed25519",
                    DEFAULT_ROUTER));
            Optional<String> line = scan.out().lines().filter(l -> l.startsWith(DEFAULT_ROUTER + " ssh-ed25519 "))
                    .findFirst();
            if (line.isPresent()) {
                return line.get().substring(DEFAULT_ROUTER.length() + 1, DEFAULT_ROUTER.length() + 40) + "...";
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no SSH on " + DEFAULT_ROUTER + " in safe mode within " + timeout + ": " + scan);
    }

    private static JsonObject json(MosquittoSub.Received message) {
        return Json.parse(message.payload()).asObject();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
