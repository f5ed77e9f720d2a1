package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.qemu.BootSpec;
import org.lowernet.image.qemu.ImageBootFiles;
import org.lowernet.image.qemu.QemuBoot;
import org.lowernet.image.qemu.QemuMachine;
import org.lowernet.image.stamp.StampCommand;
import org.lowernet.runtime.Chronyd;
import org.lowernet.runtime.health.Mosquitto;

/**
 * The clock of a board without a real-time clock, on the real image: a writable stamped card boots on QEMU
 * virt (its PL031 RTC at the host's time) until the runtime has saved the clock on /data; then QEMU is killed
 * (a power cut) and the card boots again with the RTC at 1970 ({@code -rtc base=1970-01-01}), as a Pi after
 * a power cut. The runtime's first console lines are dated 1970 (the guest's clock really is); the runtime
 * sets it forward to no earlier than the time the first boot saved, and TLS to a test mosquitto (its own CA,
 * made now, after the image's build time) connects before any NTP server answers: the build time alone would
 * be before the certificate's validity. Only then does a real NTP server start on the ISP's side (chronyd,
 * {@code time.servers}), and the runtime steps the guest's clock to it: the console's dates after the step are
 * the host's. Needs root (scripts/netlab's namespaces and TAPs); the broker and chronyd run in netlab's ISP
 * namespace, chronyd unable to set the host's clock ({@link Chronyd}).
 */
class ClockQemuIT {

    static final String NODE = "clock-qemu-1";
    static final Duration BOOT = Duration.ofSeconds(180);
    /** The runtime's console lines: tinylog's date and time, the level, the message. */
    static final Pattern LINE = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) (INFO|WARN|ERROR): (.*)$");
    static final DateTimeFormatter CONSOLE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final Pattern SAVED = Pattern.compile("^clock: saved (\\S+) to /data/lowernet/clock$");
    static final Pattern SET = Pattern.compile("^clock: was (\\S+), set forward to (\\S+) \\((.*)\\)$");
    static final Pattern STEPPED = Pattern.compile("^ntp: clock stepped by ([-+][0-9.]+) s from " + Pattern.quote(MqttQemuIT.ISP)
            + " \\(stratum 1, delay \\d+ ms\\)$");
    /** The console dates to the second; the host reads a line within milliseconds of its printing. */
    static final Duration CONSOLE_SLACK = Duration.ofSeconds(3);

    /** One of the runtime's console lines: the guest's clock when it was printed, and the message. */
    record Line(Instant at, String message) {
    }

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
    void aSecondBootIn1970StartsNoEarlierThanTheSavedClockAndTlsWorksBeforeAnyNtp() throws Exception {
        HostTools.require("root".equals(System.getProperty("user.name")), "needs root for namespaces and TAPs");
        HostTools.require("qemu-system-aarch64");
        HostTools.require("dnsmasq");
        HostTools.require("busybox");
        HostTools.require("mcopy");
        HostTools.require("/usr/sbin/mosquitto");
        HostTools.require("openssl");
        ImageBuilder.Result image = DataCards.image();
        Instant built = Main.parse(new String[0]).epoch();
        netlabUp = true;
        HostTools.sh(dir, RouterQemuIT.NETLAB + " up --router qemu");

        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"),
                Mosquitto.Options.plain().withTls().inNamespace(MqttQemuIT.WAN, MqttQemuIT.ISP))) {
            Instant validFrom = notBefore(broker.caFile());
            assertTrue(built.isBefore(validFrom), "the test needs a certificate the build time alone cannot satisfy: "
                    + "built " + built + ", valid from " + validFrom);
            Path card = stamp(image.image(), broker);

            List<String> first = boot(card, "first", false, guest -> { }).stream().map(Line::message).toList();
            String all = String.join("\n", first);
            Instant saved = first.stream().map(SAVED::matcher).filter(Matcher::matches).map(m -> Instant.parse(m.group(1)))
                    .findFirst().orElseThrow(() -> new AssertionError("the first boot saved no clock:\n" + all));
            assertTrue(first.stream().anyMatch(l -> l.startsWith("data: /dev/vda2 mounted at /data")), all);

            Instant[] steppedAt = new Instant[1];
            List<Line> lines = boot(card, "second", true, guest -> {
                // TLS is up: only now an NTP server appears, on the ISP's side, where time.servers points.
                try (Chronyd chronyd = Chronyd.start(dir.resolve("chrony"), MqttQemuIT.WAN, MqttQemuIT.ISP)) {
                    guest.awaitLine(line -> line.contains("ntp: clock stepped by "), Duration.ofSeconds(120));
                    steppedAt[0] = Instant.now();
                }
            });
            List<String> second = lines.stream().map(Line::message).toList();
            String all2 = String.join("\n", second);
            assertTrue(lines.getFirst().at().isBefore(Instant.parse("1971-01-01T00:00:00Z")),
                    "the runtime's first line is dated 1970 (the guest's clock at start): " + lines.getFirst());
            Matcher set = second.stream().map(SET::matcher).filter(Matcher::matches).findFirst()
                    .orElseThrow(() -> new AssertionError("the second boot did not set the clock forward:\n" + all2));
            Instant was = Instant.parse(set.group(1));
            Instant restored = Instant.parse(set.group(2));
            assertTrue(was.isBefore(Instant.parse("1971-01-01T00:00:00Z")), set.group());
            assertEquals("the time saved on /data", set.group(3));
            assertTrue(!restored.isBefore(saved), "restored " + restored + ", earlier than the saved " + saved);
            Instant connectedAt = lines.stream().filter(l -> l.message().startsWith("mqtt: connected to " + broker.url()))
                    .findFirst().orElseThrow(() -> new AssertionError("no TLS connection:\n" + all2)).at();
            assertTrue(!connectedAt.isBefore(saved.minusSeconds(1)), "the console dates the TLS connection "
                    + connectedAt + ", before the saved " + saved);
            int connected = second.indexOf(second.stream().filter(l -> l.startsWith("mqtt: connected to ")).findFirst()
                    .orElseThrow());
            int stepped = second.indexOf(second.stream().filter(l -> STEPPED.matcher(l).matches()).findFirst()
                    .orElseThrow(() -> new AssertionError("NTP did not step the clock:\n" + all2)));
            assertTrue(connected < stepped, "TLS connected before NTP set the clock:\n" + all2);
            assertTrue(second.subList(0, connected).stream().noneMatch(l -> l.startsWith("ntp: clock")), all2);
            Matcher step = STEPPED.matcher(second.get(stepped));
            assertTrue(step.matches() && Double.parseDouble(step.group(1)) > 0, "a clock restored to the saved time is "
                    + "behind, so NTP steps it forward: " + second.get(stepped));
            // The step's own line is printed after the step: the guest's clock then is the host's.
            Line after = lines.get(stepped);
            assertTrue(Duration.between(after.at(), steppedAt[0]).abs().compareTo(CONSOLE_SLACK) <= 0, "after the step "
                    + "the guest's clock is the host's: the line " + after + " was read at " + steppedAt[0]);
            long connections = broker.logCount("New client connected");
            assertTrue(connections >= 2, "the broker saw a TLS client in each boot:\n" + String.join("\n", broker.log()));
            System.out.printf("ClockQemuIT: image built %s, certificate valid from %s; first boot saved %s; second boot"
                    + " started at %s (RTC base 1970), set forward to %s, TLS connected at %s (console), before any NTP;"
                    + " then NTP: %s%n", built, validFrom, saved, was, restored, connectedAt, second.get(stepped));
        }
    }

    /** The image for this node: WAN by DHCP from netlab's ISP, the TLS broker there, its CA on the FAT partition. */
    private Path stamp(Path image, Mosquitto broker) throws Exception {
        Path card = dir.resolve(NODE + ".img");
        List<String> args = new ArrayList<>(List.of(image.toString(), "--out", card.toString()));
        for (String setting : List.of("node.name=" + NODE, "site=" + MqttQemuIT.SITE, "interface.eth0.role=wan",
                "interface.eth1.role=lan", "wan.mode=dhcp", "lan.address=" + RouterQemuIT.LAN_ROUTER + "/24",
                "lan.dhcp.range=203.0.113.100-203.0.113.199", "mqtt.broker=" + broker.url(),
                "mqtt.ca=/boot/mqtt-ca.pem", "mqtt.interval=2s", "time.servers=" + MqttQemuIT.ISP)) {
            args.addAll(List.of("--set", setting));
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = StampCommand.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, "stamping " + args + ": " + err.toString(StandardCharsets.UTF_8));
        HostTools.Result copied = HostTools.run(List.of("mcopy", "-i", card + "@@" + ImageIT.PARTITION_OFFSET,
                broker.caFile().toString(), "::mqtt-ca.pem"), Map.of("MTOOLS_SKIP_CHECK", "1"));
        assertEquals(0, copied.exitCode(), copied.toString());
        return card;
    }

    /** What a test does with a running guest. */
    interface WhileRunning {
        void run(QemuBoot guest) throws Exception;
    }

    /**
     * Boots {@code card} writable until the runtime is connected to the broker, does {@code then}, and ends QEMU
     * (a power cut); the runtime's console lines.
     */
    private List<Line> boot(Path card, String name, boolean rtcIn1970, WhileRunning then) throws Exception {
        Path work = Files.createDirectories(dir.resolve(name));
        ImageBootFiles files = ImageBootFiles.extract(card, QemuMachine.VIRT, work);
        List<String> qemu = new ArrayList<>(List.of(RouterQemuIT.NETLAB_NICS));
        if (rtcIn1970) {
            qemu.addAll(List.of("-rtc", "base=1970-01-01"));
        }
        BootSpec spec = BootSpec.builder(QemuMachine.VIRT).image(card).writableImage().kernel(files.kernel())
                .initrd(files.initrd()).kernelArguments(files.kernelArguments())
                .qemuArguments(qemu.toArray(String[]::new)).build();
        List<String> console = new CopyOnWriteArrayList<>();
        try (QemuBoot guest = QemuBoot.start(spec, line -> {
            System.out.println(name + "| " + line);
            console.add(line);
        })) {
            // The clock is saved (and fsync'd) right after /data is mounted, long before MQTT connects.
            guest.awaitLine(line -> line.contains("mqtt: connected to "), BOOT);
            then.run(guest);
        } catch (RuntimeException e) {
            throw new AssertionError(name + " boot: " + e.getMessage(), e);
        }
        Files.write(dir.resolve(name + "-console.log"), console);
        console.stream().filter(l -> l.contains("rtc") || l.contains("RTC")).forEach(l -> System.out.println(name + " rtc| " + l));
        return console.stream().map(LINE::matcher).filter(Matcher::matches)
                .map(m -> new Line(LocalDateTime.parse(m.group(1), CONSOLE).toInstant(ZoneOffset.UTC), m.group(3)))
                .toList();
    }

    private static Instant notBefore(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getNotBefore()
                    .toInstant();
        }
    }
}
