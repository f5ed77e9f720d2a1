package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import org.lowernet.image.HostTools;
import org.lowernet.image.MosquittoSub;
import org.lowernet.image.debian.PackageCache;
import org.lowernet.image.disk.MasterBootRecord;
import org.lowernet.image.disk.Partition;
import org.lowernet.image.qemu.QemuBoot;
import org.lowernet.image.update.UpdateCommand;
import org.lowernet.runtime.health.Mosquitto;
import org.lowernet.runtime.update.ReleasePrivateKey;
import org.lowernet.runtime.update.UpdateBundle;
import org.lowernet.runtime.update.UpdateManifest;

/**
 * An update pushed the way an admin pushes it: {@code lowernet update} on this machine, SSH (dbclient, the key the
 * card was stamped with) from scripts/netlab's LAN namespace to the image on QEMU virt. Three builds: the image
 * (0.0.1-it), a second (0.0.2-it) whose runtime launcher says so on the console, a third (0.0.3-it) whose runtime
 * never starts. Bundles signed by another key, made for another board set, or truncated are refused and the boot
 * partition's bytes do not change; a power cut (SIGKILL of QEMU) while the node writes the checked second build onto
 * its card leaves the first to boot, and sending it again commits it (after update.commit_after of health); it still runs after a
 * restart, with the card's lowernet.conf and /data kept (the same node name and tunnel key); the third is tried once
 * (update.max_tries), never commits, and the node rolls back to the second by itself, as {@code lowernet update}
 * reports.
 */
class UpdateQemuIT {

    static final Duration BOOT = Duration.ofSeconds(180);
    static final String NODE = "update-node";
    static final String SITE = "testsite";
    static final String TOPICS = "lowernet/" + SITE + "/" + NODE + "/";
    static final String MARKER = "lowernet launcher: the second build (UpdateQemuIT)";
    static final String BROKEN = "lowernet launcher: a runtime that never starts (UpdateQemuIT)";

    @TempDir
    Path dir;

    private final List<String> console = new CopyOnWriteArrayList<>();
    private Path adminKey;

    @AfterEach
    void tearDown() throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            HostTools.sh(ImageIT.PROJECT, RouterQemuIT.NETLAB + " down");
        }
    }

    @Test
    void anUpdateIsCommittedKeptAndABrokenOneIsRolledBackByTheNodeItself() throws Exception {
        DataCards.requireHost("/usr/sbin/mosquitto", "mosquitto_sub");
        ImageBuilder.Result first = DataCards.image();
        ImageBuilder.Result second = ImageIT.release(runtime("second", "[ $# -eq 0 ] && echo \"" + MARKER + "\"\n"),
                dir.resolve("second"), PackageCache.defaultDir(), "0.0.2-it");
        ImageBuilder.Result third = ImageIT.release(runtime("third", "[ $# -eq 0 ] && { echo \"" + BROKEN
                + "\"; sleep 5; exit 1; }\n"), dir.resolve("third"), PackageCache.defaultDir(), "0.0.3-it");
        Path v2 = second.update().orElseThrow();
        Path v3 = third.update().orElseThrow();
        HostTools.sh(dir, RouterQemuIT.NETLAB + " up --router qemu");
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"),
                Mosquitto.Options.plain().inNamespace(MqttQemuIT.WAN, MqttQemuIT.ISP));
             MosquittoSub probe = MosquittoSub.start(broker.url(), Optional.of(MqttQemuIT.WAN), TOPICS + "#")) {
            DataCards.Card card = DataCards.stamped(first, dir, "node.img", 0, "node.name=" + NODE, "site=" + SITE,
                    // The trial limit leaves room for a boot to ready, MQTT and the commit on a loaded CI host (one
                    // full run's trial restarted at 30 s before it could commit).
                    "mqtt.broker=" + broker.url(), "update.commit_after=10s", "update.trial_limit=90s",
                    "update.max_tries=1");
            adminKey = card.adminKey();
            updates(card.file(), v2, v3, first, second, probe);
        }
    }

    private void updates(Path card, Path v2, Path v3, ImageBuilder.Result first, ImageBuilder.Result second,
            MosquittoSub probe) throws Exception {
        QemuBoot guest = boot(card, "v1");
        try {
            guest.awaitReady(BOOT);
            HostTools.sh(dir, RouterQemuIT.NETLAB + " lease");
            String tunnelKey = line("tunnel public key: ");
            refusals(card, v2);

            // A power cut while the checked bundle is written onto the card: the first build boots again.
            List<String> said = new CopyOnWriteArrayList<>();
            CompletableFuture<Integer> sending = send(v2, "0s", said);
            awaitSaid(said, "update: every piece checks; writing", Duration.ofMinutes(5));
            guest.process().destroyForcibly();
            assertEquals(1, sending.join(), "an update cut off while writing: " + said);
            assertTrue(said.stream().noneMatch(l -> l.contains("is on trial from the next boot")),
                    "the node finished writing before the power cut; the cut came too late to test: " + said);
            assertTrue(said.stream().anyMatch(l -> l.matches(NODE_ADDRESS + " +unreachable +.*")), "the outcome: " + said);
            guest = restart(guest, card, "cut-writing");
            assertTrue(console.stream().anyMatch(l -> l.endsWith("update: running system-a, committed (0.0.1-it)")),
                    "the first build after the cut");

            // A power cut during the trial (update.max_tries 1): the first build boots again, rolled back.
            said.clear();
            assertEquals(0, send(v2, "0s", said).join(), String.join("\n", said));
            awaitConsole("lowernet stage 1: system-b (0.0.2-it) on trial: boot 1 of 1", BOOT);
            guest = restart(guest, card, "cut-trial");
            assertTrue(console.contains("lowernet stage 1: rolled back 0.0.2-it (system-b): not committed after 1 trial"
                    + " boots; booting system-a"), "the trial given up after its power cut");
            assertTrue(console.stream().anyMatch(l -> l.endsWith("update: running system-a, committed (0.0.1-it)")));

            // Sent again: tried, committed, reported.
            said.clear();
            long toCommitted = System.nanoTime();
            assertEquals(0, send(v2, "8m", said).join(), String.join("\n", said));
            double committedSeconds = (System.nanoTime() - toCommitted) / 1e9;
            assertTrue(said.stream().anyMatch(l -> l.matches(NODE_ADDRESS + " +committed +committed 0\\.0\\.2-it \\(system-b\\)")),
                    "the outcome table: " + said);
            assertTrue(console.contains(MARKER), "the second build's runtime ran");
            assertTrue(console.stream().anyMatch(l -> l.endsWith("update: committed 0.0.2-it (system-b) after 10s healthy;"
                    + " it boots from now on")));
            event(probe, "update_committed", "0.0.2-it");

            // Kept across a restart, with the card's settings and /data; nodeinfo says so.
            console.clear();
            long restart = System.nanoTime();
            // The SSH session may end with the node going down: its exit status says nothing.
            HostTools.run(List.of("ip", "netns", "exec", "lnlan", "dbclient", "-y", "-y", "-i", adminKey.toString(),
                    "root@" + RouterQemuIT.LAN_ROUTER, "reboot"));
            awaitConsole("Booting Linux", BOOT);
            awaitConsole(QemuBoot.READY_MARKER, BOOT);
            double restartSeconds = (System.nanoTime() - restart) / 1e9;
            assertTrue(console.stream().anyMatch(l -> l.endsWith("update: running system-b, committed (0.0.2-it)")));
            assertTrue(console.contains(MARKER));
            assertTrue(console.stream().anyMatch(l -> l.endsWith("node name: " + NODE)), "lowernet.conf kept");
            assertEquals(tunnelKey, line("tunnel public key: "), "/data kept: the node's tunnel key");
            MosquittoSub.Received info = probe.await(m -> m.topic().equals(TOPICS + "nodeinfo")
                    && Json.parse(m.payload()).asObject().get("update") != null
                    && "0.0.2-it".equals(Json.parse(m.payload()).asObject().get("update").asObject().getString("version", ""))
                    && "committed".equals(Json.parse(m.payload()).asObject().get("update").asObject()
                    .getString("state", "")), Duration.ofSeconds(90));
            JsonObject update = Json.parse(info.payload()).asObject().get("update").asObject();
            assertEquals("b", update.getString("slot", ""), update.toString());
            assertEquals("0.0.2-it", update.getString("version", ""), update.toString());
            assertEquals("committed 0.0.2-it (system-b)", update.getString("last_result", ""), update.toString());

            // A build that never starts: tried once, given up by the node, the second build back.
            said.clear();
            console.clear();
            long toRolledBack = System.nanoTime();
            assertEquals(1, send(v3, "8m", said).join(), String.join("\n", said));
            double rolledBackSeconds = (System.nanoTime() - toRolledBack) / 1e9;
            assertTrue(said.stream().anyMatch(l -> l.matches(NODE_ADDRESS + " +rolled back +rolled back 0\\.0\\.3-it"
                    + " \\(system-a\\): not committed after 1 trial boots")), "the outcome table: " + said);
            assertTrue(console.contains(BROKEN), "the third build's launcher ran");
            awaitConsole(QemuBoot.READY_MARKER, BOOT);
            assertTrue(console.stream().anyMatch(l -> l.endsWith("update: running system-b, committed (0.0.2-it)")),
                    "the second build after the rollback");
            event(probe, "update_rolled_back", "0.0.3-it");
            printMeasurements(first, second, committedSeconds, restartSeconds, rolledBackSeconds);
        } finally {
            guest.close();
        }
    }

    /** Kills QEMU (a power cut) and boots the card again, to ready; the console holds the new boot's lines. */
    private QemuBoot restart(QemuBoot guest, Path card, String name) throws Exception {
        guest.process().destroyForcibly();
        guest.close();
        console.clear();
        QemuBoot again = boot(card, name);
        again.awaitReady(BOOT);
        return again;
    }

    /** The node's event of {@code type} for {@code version}, as the broker delivered it. */
    private static void event(MosquittoSub probe, String type, String version) throws Exception {
        MosquittoSub.Received event = probe.await(m -> m.topic().equals(TOPICS + "events")
                && type.equals(Json.parse(m.payload()).asObject().getString("type", ""))
                && version.equals(Json.parse(m.payload()).asObject().getString("version", "")), Duration.ofSeconds(120));
        assertTrue(event.payload().contains("\"slot\""), event.toString());
    }

    private CompletableFuture<Integer> send(Path bundle, String wait, List<String> said) {
        return CompletableFuture.supplyAsync(() -> update(bundle, wait, said::add));
    }

    /**
     * What {@code scripts/benchmark update} prints: the bundle's size and what a node lacks of it after a runtime-only
     * change (its pieces by hash) against a full change (all of it); {@code lowernet update} to committed and to
     * rolled back, each beside the floor measured in the same run, a restart of the same node to ready.
     */
    private static void printMeasurements(ImageBuilder.Result first, ImageBuilder.Result second, double committed,
            double restart, double rolledBack) throws Exception {
        UpdateManifest before = manifest(first.update().orElseThrow());
        UpdateManifest after = manifest(second.update().orElseThrow());
        java.util.Set<String> held = new java.util.HashSet<>();
        before.parts().forEach(part -> held.addAll(part.pieces()));
        long lacking = 0;
        int lackingPieces = 0;
        int pieces = 0;
        for (UpdateManifest.Part part : after.parts()) {
            for (int i = 0; i < part.pieces().size(); i++) {
                pieces++;
                if (!held.contains(part.pieces().get(i))) {
                    lackingPieces++;
                    lacking += Math.min(after.pieceSize(), part.size() - (long) i * after.pieceSize());
                }
            }
        }
        System.out.printf(java.util.Locale.ROOT, "update benchmark: bundle %.1f MiB, %d pieces; after a runtime-only change"
                        + " a node lacks %d pieces (%.1f MiB, %.1f%%), after a full change all of them%n",
                after.bytes() / 1048576.0, pieces, lackingPieces, lacking / 1048576.0, 100.0 * lacking / after.bytes());
        System.out.printf(java.util.Locale.ROOT, "update benchmark: lowernet update to committed %.1f s (update.commit_after"
                + " 10 s) beside a restart to ready %.1f s (floor): %.2fx%n", committed, restart, committed / restart);
        System.out.printf(java.util.Locale.ROOT, "update benchmark: lowernet update of a build that never starts to rolled"
                + " back %.1f s (update.trial_limit 90 s, 1 try) beside a restart to ready %.1f s (floor): %.2fx%n",
                rolledBack, restart, rolledBack / restart);
    }

    private static UpdateManifest manifest(Path bundle) throws Exception {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle))) {
            return UpdateBundle.open(in, List.of(ImageIT.RELEASE_KEY.publicKey())).manifest();
        }
    }

    private static final String NODE_ADDRESS = RouterQemuIT.LAN_ROUTER.replace(".", "\\.");

    /**
     * Three bundles the node must refuse (another key, another board set, truncated): each says why in the outcome
     * table, and the boot partition's bytes on the card are the same after each.
     */
    private void refusals(Path card, Path good) throws Exception {
        Map<String, Path> bad = new LinkedHashMap<>();
        bad.put("which this node does not trust", resigned(good, ReleasePrivateKey.generate(), manifest -> manifest));
        bad.put("built for the boards rpi5, this node is a qemu-virt", resigned(good, ImageIT.RELEASE_KEY,
                manifest -> new UpdateManifest(manifest.version(), manifest.architecture(), List.of("rpi5"),
                        manifest.pieceSize(), manifest.parts())));
        byte[] bytes = Files.readAllBytes(good);
        bad.put("truncated", Files.write(dir.resolve("truncated.update"), java.util.Arrays.copyOf(bytes, bytes.length / 3)));
        for (Map.Entry<String, Path> bundle : bad.entrySet()) {
            String before = bootPartitionSha256(card);
            List<String> said = new ArrayList<>();
            assertEquals(1, update(bundle.getValue(), "0s", said::add), String.join("\n", said));
            assertTrue(said.stream().anyMatch(l -> l.matches(NODE_ADDRESS + " +refused +.*") && l.contains(bundle.getKey())),
                    bundle.getKey() + ": " + said);
            assertEquals(before, bootPartitionSha256(card), bundle.getKey() + ": the boot partition changed");
        }
        assertTrue(overSsh("/opt/lowernet/bin/lowernet update-status").contains("committed=a\n"));
    }

    /** {@code lowernet update} from the LAN namespace; its lines go to {@code said}. */
    private int update(Path bundle, String wait, java.util.function.Consumer<String> said) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream lines = new PrintStream(new LineSplitter(said, out), true, StandardCharsets.UTF_8);
        return UpdateCommand.run(List.of(RouterQemuIT.LAN_ROUTER, "--bundle", bundle.toString(), "--wait", wait,
                // Keepalives: a node killed mid-update ends the session in seconds, not at TCP's timeout.
                "--ssh", "ip netns exec lnlan dbclient -y -y -K 5 -i " + adminKey), lines, lines);
    }

    private QemuBoot boot(Path card, String name) throws Exception {
        return QemuBoot.start(DataCards.virt(card, dir.resolve(name)), line -> {
            console.add(line.replaceFirst("^\\S+ \\S+ (INFO|WARN|ERROR): ", ""));
            System.out.println(name + "| " + line);
        });
    }

    private String line(String prefix) {
        return console.stream().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no console line starts with " + prefix));
    }

    private String overSsh(String command) throws Exception {
        HostTools.Result result = HostTools.run(List.of("ip", "netns", "exec", "lnlan", "dbclient", "-y", "-y", "-i",
                adminKey.toString(), "root@" + RouterQemuIT.LAN_ROUTER, command));
        assertEquals(0, result.exitCode(), "ssh " + command + ": " + result);
        return result.out();
    }

    /** Waits for a console line (since the last clear) that contains {@code text}. */
    private void awaitConsole(String text, Duration timeout) throws InterruptedException {
        awaitSaid(console, text, timeout);
    }

    private static void awaitSaid(List<String> said, String prefix, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (said.stream().noneMatch(l -> l.contains(prefix)) && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertTrue(said.stream().anyMatch(l -> l.contains(prefix)), "never said " + prefix + ": " + said);
    }

    /** The built runtime with {@code line} as the launcher's second line. */
    private Path runtime(String name, String line) throws Exception {
        Path runtime = dir.resolve(name + "-runtime");
        ProjectCopy.copyTree(ImageIT.RUNTIME, runtime);
        Path launcher = runtime.resolve("bin/lowernet");
        String text = Files.readString(launcher);
        Files.writeString(launcher, text.replaceFirst("\n", "\n" + java.util.regex.Matcher.quoteReplacement(line)));
        return runtime;
    }

    /** {@code bundle}'s parts under a manifest {@code edit} makes, signed by {@code key}. */
    private Path resigned(Path bundle, ReleasePrivateKey key, UnaryOperator<UpdateManifest> edit) throws Exception {
        Map<String, ByteArrayOutputStream> parts = new LinkedHashMap<>();
        UpdateManifest manifest;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle))) {
            UpdateBundle.Opened opened = UpdateBundle.open(in, List.of(ImageIT.RELEASE_KEY.publicKey()));
            manifest = opened.manifest();
            opened.readParts(part -> parts.computeIfAbsent(part.name(), n -> new ByteArrayOutputStream()));
        }
        Map<String, UpdateBundle.Source> sources = new LinkedHashMap<>();
        parts.forEach((name, bytes) -> sources.put(name, () -> new ByteArrayInputStream(bytes.toByteArray())));
        Path out = dir.resolve("resigned-" + parts.size() + "-" + System.nanoTime() + ".update");
        try (OutputStream file = Files.newOutputStream(out)) {
            UpdateBundle.write(file, edit.apply(manifest), key, sources);
        }
        return out;
    }

    /** SHA-256 of partition 1 (FAT) of the card as the host reads it. */
    private static String bootPartitionSha256(Path card) throws Exception {
        try (FileChannel disk = FileChannel.open(card, StandardOpenOption.READ)) {
            Partition boot = MasterBootRecord.read(disk).partitions().getFirst();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 20);
            long position = boot.startLba() * MasterBootRecord.SECTOR_SIZE;
            long end = position + boot.sectors() * MasterBootRecord.SECTOR_SIZE;
            while (position < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                int n = disk.read(buffer, position);
                if (n <= 0) {
                    break;
                }
                sha.update(buffer.flip());
                position += n;
            }
            return HexFormat.of().formatHex(sha.digest());
        }
    }

    /** Hands every line written to it to a consumer (and keeps the bytes). */
    private static final class LineSplitter extends OutputStream {
        private final java.util.function.Consumer<String> lines;
        private final ByteArrayOutputStream all;
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();

        LineSplitter(java.util.function.Consumer<String> lines, ByteArrayOutputStream all) {
            this.lines = lines;
            this.all = all;
        }

        @Override
        public synchronized void write(int b) {
            all.write(b);
            if (b == '\n') {
                String line = current.toString(StandardCharsets.UTF_8);
                System.out.println("update| " + line);
                lines.accept(line);
                current.reset();
            } else {
                current.write(b);
            }
        }
    }
}
