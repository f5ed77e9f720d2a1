package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.qemu.BootSpec;
import org.lowernet.image.qemu.QemuBoot;

/**
 * Power cuts on QEMU virt: a stamped card (1 GiB, fresh: the first boot grows and formats partition 2) is
 * booted again and again, and each round kills QEMU with SIGKILL at a random moment in the first 40 s after
 * it started, the first-boot format included. After every cut the host judges the disk file (a copy of
 * partition 2, its journal replayed: {@code e2fsck -fn} clean; the files lowernet keeps there, the SSH host key
 * and the last good config, unchanged once made), and the next boot must reach ready with /data mounted, the
 * same host key fingerprint on the console and the boot reason {@code power} ({@code clean} after a power-off).
 *
 * <p>Each boot is also the next round's victim when it can be: it is killed at the round's moment if it has
 * reached ready (and logged the host key) by then. A moment earlier than that is kept for a fresh boot; this
 * one runs to ready and is powered off cleanly over SSH (dbclient from netlab's LAN namespace with the stamped
 * admin key), which proves rcK too: the host finds the partition strictly clean, no journal to replay. The
 * last cut is followed by such a boot as well. So every cut is at a uniformly random moment of [0, 40 s) from
 * the seed, and is followed by a boot to ready and a clean check.
 *
 * <p>{@value #ROUNDS} sets the rounds (default 10, which keeps scripts/test under its 40 minutes now that every boot
 * unpacks its system in the first stage; {@code scripts/benchmark persistence} runs 100),
 * {@value #SEED} replays a run (the seed is printed first). What QEMU cannot show: a SIGKILL of QEMU keeps
 * every write the guest completed (they are in the host's page cache); an SD card's controller may lose or
 * reorder writes it acknowledged, or tear a page, when the power goes.
 */
class PowerCutQemuIT {

    static final String ROUNDS = "lowernet.powercuts";
    static final String SEED = "lowernet.powercuts.seed";
    static final long WINDOW_MILLIS = 40_000;
    static final long DISK_BYTES = 1L << 30;
    static final Duration READY = Duration.ofSeconds(120);
    static final Duration POWER_OFF = Duration.ofSeconds(60);
    /**
     * Files lowernet keeps on /data that every cut must leave unchanged once they are there (paths inside the
     * ext4), each with the console line that says it was made: from then on it must be on the disk.
     */
    static final Map<String, String> KEPT = Map.of(
            "/lowernet/dropbear_ed25519_host_key", "ssh: host key ",
            "/lowernet/last-good.conf", "saved as the last good config");
    static final String LAST_GOOD = "/lowernet/last-good.conf";
    /** Short, so the last good config is saved early (the test's config never changes, so it must stay as saved). */
    static final String GOOD_AFTER = "reliability.good_after=10s";
    static final Pattern BOOT_REASON = Pattern.compile("(?:^|\\s)boot \\d+: reason (\\w+)");

    @TempDir
    Path dir;

    private Path card;
    private Path adminKey;
    private BootSpec spec;
    private int boots;
    /** The fingerprint every boot must log once one has. */
    private String hostKey;
    /** The content of each kept file once it was on the disk. */
    private final Map<String, byte[]> kept = new LinkedHashMap<>();
    private boolean formatted;
    /** The kept files whose making the console has shown. */
    private final Set<String> made = new HashSet<>();
    /**
     * The boot reasons the next boot may report: power after a cut (and at the first boot), clean after a
     * power-off. A cut before the boot wrote its record (it logs its reason after) leaves the previous boot's
     * ending as the last the disk knows: then either.
     */
    private Set<String> nextReasons = Set.of("power");
    private boolean leased;
    private final List<Long> formatMillis = new ArrayList<>();
    private final List<Double> readySeconds = new ArrayList<>();
    /** The boot running now, ended by {@link #tearDown} when the test fails. */
    private Boot current;

    @AfterEach
    void tearDown() throws Exception {
        if (current != null) {
            current.guest.close();
        }
        if ("root".equals(System.getProperty("user.name"))) {
            HostTools.sh(ImageIT.PROJECT, RouterQemuIT.NETLAB + " down");
        }
    }

    @Test
    void everyCutIsFollowedByACleanDataPartitionTheSameHostKeyAndABootToReady() throws Exception {
        DataCards.requireHost();
        int rounds = Integer.getInteger(ROUNDS, 10);
        assertTrue(rounds >= 1, ROUNDS + " must be at least 1: " + rounds);
        long seed = Long.getLong(SEED, new SecureRandom().nextLong());
        System.out.printf("power cuts: %d rounds, seed %d (replay with -D%s=%d)%n", rounds, seed, SEED, seed);
        Random random = new Random(seed);

        ImageBuilder.Result image = DataCards.image();
        DataCards.Card stamped = DataCards.stamped(image, dir, "card.img", DISK_BYTES, GOOD_AFTER);
        card = stamped.file();
        adminKey = stamped.adminKey();
        spec = DataCards.virt(card, dir.resolve("boot-files"));
        HostTools.sh(dir, RouterQemuIT.NETLAB + " up --router qemu");

        long began = System.nanoTime();
        int cleanOffs = 0;
        boolean cutAwaitsReady = false;
        for (int round = 1; round <= rounds; round++) {
            long killAt = random.nextLong(WINDOW_MILLIS);
            Boot boot = new Boot();
            if (cutAwaitsReady) {
                if (!boot.readyBy(killAt)) {
                    // Too early to cut this one: it must first show that the previous cut left a node that boots.
                    boot.awaitReady();
                    report(round - 1, boot);
                    boot.powerOffOverSsh();
                    cleanOffs++;
                    boot = new Boot();
                } else {
                    report(round - 1, boot);
                }
            }
            String phase = boot.killAt(killAt);
            String judged = judgeCut();
            System.out.printf("power cut round %d/%d: boot %d killed at %.3f s (%s); host: %s%n", round, rounds,
                    boot.number, killAt / 1000.0, phase, judged);
            cutAwaitsReady = true;
        }
        Boot last = new Boot();
        last.awaitReady();
        report(rounds, last);
        last.powerOffOverSsh();
        cleanOffs++;
        double seconds = (System.nanoTime() - began) / 1e9;

        long partitionBytes = DataCards.partition2(card)[1] * DataCards.SECTOR;
        long hostFormat = hostMke2fsMillis(partitionBytes);
        System.out.printf("power cuts: %d rounds, 0 failures (seed %d); %d boots (%d ended by a clean power-off over SSH,"
                + " /data strictly clean after each), %.0f s, %.1f s per round; boot to ready (median) %.1f s;"
                + " first-boot format %s ms on QEMU virt, host mke2fs of the same %d MiB %d ms%n",
                rounds, seed, boots, cleanOffs, seconds, seconds / rounds, median(readySeconds),
                formatMillis.isEmpty() ? "?" : formatMillis.getLast(), partitionBytes >> 20, hostFormat);
        assertTrue(formatted, "no round formatted the data partition");
        assertTrue(hostKey != null, "no boot logged an SSH host key");
    }

    /** The boot that followed {@code round}'s cut reached ready (checked by {@link Boot#awaitReady}). */
    private void report(int round, Boot boot) {
        System.out.printf("power cut round %d: the next boot (%d) reached ready in %.1f s, /data mounted, host key %s%n",
                round, boot.number, boot.readyMillis / 1000.0, hostKey);
    }

    /**
     * The host's judgement of the card after a cut, on a copy of partition 2: no filesystem yet (the first
     * format had not finished, allowed only before one had), or ext4 that checks clean after its journal's
     * replay and holds every kept file unchanged (the host key once its fingerprint was logged).
     */
    private String judgeCut() throws Exception {
        Path copy = DataCards.copyPartition2(card, dir.resolve("data.ext4"));
        try {
            if (!DataCards.hasSuperblock(copy)) {
                assertTrue(!formatted, "partition 2 lost its ext4 superblock after a cut");
                return "no ext4 on partition 2 yet (the first format had not finished)";
            }
            formatted = true;
            List<String> stale = DataCards.checkAfterReplay(copy);
            List<String> found = new ArrayList<>();
            for (String path : KEPT.keySet().stream().sorted().toList()) {
                Optional<byte[]> now = DataCards.read(copy, path, dir.resolve("kept.bin"));
                byte[] before = kept.get(path);
                if (now.isEmpty()) {
                    assertTrue(before == null, path + " was on the data partition and is gone after a cut");
                    assertTrue(!made.contains(path), "the console said " + path + " was made ('" + KEPT.get(path)
                            + "') but it is not on the data partition");
                    continue;
                }
                assertTrue(now.get().length > 0, path + " is empty after a cut");
                if (before == null) {
                    kept.put(path, now.get());
                } else {
                    assertArrayEquals(before, now.get(), path + " changed after a cut");
                }
                found.add(path.substring(path.lastIndexOf('/') + 1) + (before == null ? " (new)" : " unchanged"));
            }
            return "e2fsck -fn clean after the journal's replay" + (stale.isEmpty() ? "" : " (stale totals only)")
                    + (found.isEmpty() ? "" : "; " + String.join(", ", found));
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** Host mke2fs of a sparse file of the data partition's size: the floor beside the node's format time. */
    private long hostMke2fsMillis(long bytes) throws Exception {
        Path file = dir.resolve("floor.ext4");
        HostTools.sh(dir, "truncate -s " + bytes + " " + file);
        long began = System.nanoTime();
        HostTools.Result made = HostTools.run(List.of("mke2fs", "-t", "ext4", "-F", "-q", file.toString()));
        long millis = (System.nanoTime() - began) / 1_000_000;
        assertEquals(0, made.exitCode(), made.toString());
        Files.delete(file);
        return millis;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }

    /** A line of the console and when it came, in ms after QEMU started. */
    record Line(long millis, String text) {
    }

    /** One boot of the card: QEMU started now, its console lines timed. */
    private final class Boot {

        final int number = ++boots;
        final long started = System.nanoTime();
        final List<Line> lines = new CopyOnWriteArrayList<>();
        final Set<String> reasons = nextReasons;
        final QemuBoot guest;
        long readyMillis = -1;
        /** How many of {@link #lines} {@link #ready()} has judged, and what they showed. */
        private int judged;
        private boolean readyLine;
        private boolean mounted;
        private boolean keyLogged;

        Boot() {
            current = this;
            guest = QemuBoot.start(spec, line -> lines.add(new Line((System.nanoTime() - started) / 1_000_000,
                    line.replaceFirst("^\\S+ \\S+ (INFO|WARN|ERROR): ", ""))));
        }

        /**
         * Whether this boot is ready by {@code millis} after its start: the ready line, /data mounted, the host
         * key logged (the same as before). Waits until then at most.
         */
        boolean readyBy(long millis) throws Exception {
            while (elapsed() < millis) {
                if (ready()) {
                    return true;
                }
                if (!guest.process().isAlive()) {
                    fail(this + " ended by itself before it was ready" + console());
                }
                Thread.sleep(20);
            }
            return ready();
        }

        /** Waits until this boot is ready (see {@link #readyBy}); fails after {@link #READY}. */
        void awaitReady() throws Exception {
            if (!readyBy(READY.toMillis())) {
                fail(this + " did not reach ready with /data mounted and the host key within " + READY + console());
            }
        }

        private boolean ready() {
            List<Line> seen = List.copyOf(lines);
            List<String> fresh = seen.subList(judged, seen.size()).stream().map(Line::text).toList();
            // Each line is judged once, when it is new: this runs every 20 ms while QEMU wants both host cores.
            judged += fresh.size();
            for (String line : fresh) {
                assertTrue(!line.contains("UNAVAILABLE"), this + " runs without its data partition" + console());
                KEPT.forEach((path, evidence) -> {
                    if (line.contains(evidence)) {
                        made.add(path);
                    }
                });
                Matcher booted = BOOT_REASON.matcher(line);
                if (booted.find()) {
                    assertTrue(reasons.contains(booted.group(1)), this + ": the boot reason " + booted.group(1)
                            + ", expected " + reasons + console());
                }
                Matcher key = DataCards.HOST_KEY.matcher(line);
                if (key.find()) {
                    if (hostKey == null) {
                        hostKey = key.group(1);
                    }
                    assertEquals(hostKey, key.group(1), this + ": the SSH host key changed" + console());
                    keyLogged = true;
                }
                readyLine |= line.contains(QemuBoot.READY_MARKER);
                mounted |= line.contains("data: /dev/vda2 mounted at /data");
            }
            boolean ready = readyLine && mounted && keyLogged;
            if (ready && readyMillis < 0) {
                readyMillis = elapsed();
                readySeconds.add(readyMillis / 1000.0);
            }
            return ready;
        }

        /** SIGKILL to QEMU {@code millis} after its start; returns how far the boot had come. */
        String killAt(long millis) throws Exception {
            long left = millis - elapsed();
            if (left > 0) {
                Thread.sleep(left);
            }
            if (!guest.process().isAlive()) {
                fail(this + " ended by itself before its cut at " + millis + " ms" + console());
            }
            guest.process().destroyForcibly();
            guest.process().onExit().get(30, TimeUnit.SECONDS);
            guest.close();
            ready(); // a key logged before the cut must be the same one
            save();
            boolean recorded = lines.stream().anyMatch(l -> BOOT_REASON.matcher(l.text()).find());
            Set<String> either = new HashSet<>(reasons);
            either.add("power");
            nextReasons = recorded ? Set.of("power") : Set.copyOf(either);
            return phase();
        }

        /** What the console had shown by the cut. */
        private String phase() {
            List<String> text = lines.stream().map(Line::text).toList();
            if (text.stream().anyMatch(l -> l.contains(QemuBoot.READY_MARKER))) {
                return "after ready";
            }
            if (text.stream().anyMatch(l -> l.contains("mounted at /data"))) {
                return "/data mounted, before ready";
            }
            if (text.stream().anyMatch(l -> l.contains("(first boot)"))) {
                return "during the first-boot format";
            }
            return text.stream().anyMatch(l -> l.contains("Run /init")) ? "before /data" : "in the kernel";
        }

        /**
         * {@code poweroff} over SSH from the LAN namespace; QEMU must exit (PSCI power-off) after rcK stopped the
         * runtime, whose data partition unmounted /data; the host then finds partition 2 strictly clean.
         */
        void powerOffOverSsh() throws Exception {
            if (!made.contains(LAST_GOOD)) { // once: then every later cut must leave it as saved
                awaitLine(KEPT.get(LAST_GOOD), Duration.ofSeconds(60));
            }
            if (!leased) { // once: the LAN client keeps its address (udhcpc renews it) across the router's boots
                HostTools.sh(dir, RouterQemuIT.NETLAB + " lease");
                leased = true;
            }
            // The ready line can come a moment before dropbear listens (it starts just before): an attempt that
            // never reached dropbear (no "connection from" on the console) is made again, three at most, 2 s apart.
            HostTools.Result ssh = null;
            for (int attempt = 1; attempt <= 3; attempt++) {
                int seen = lines.size();
                ssh = HostTools.run(List.of("ip", "netns", "exec", "lnlan", "timeout", "30", "dbclient",
                        "-yy", "-i", adminKey.toString(), "root@" + RouterQemuIT.LAN_ROUTER, "poweroff"));
                Thread.sleep(2000);
                boolean reached = lines.stream().skip(seen).anyMatch(l -> l.text().contains("connection from"));
                if (ssh.exitCode() == 0 || reached || !guest.process().isAlive()) {
                    break;
                }
            }
            boolean off = guest.process().onExit().thenApply(p -> true)
                    .completeOnTimeout(false, POWER_OFF.toSeconds(), TimeUnit.SECONDS).get();
            if (!off) {
                fail(this + " still runs " + POWER_OFF + " after poweroff over SSH (" + ssh + ")" + console());
            }
            guest.close();
            save();
            nextReasons = Set.of("clean");
            List<String> text = lines.stream().map(Line::text).toList();
            // busybox init runs rcK (::shutdown) first and only then SIGTERMs every process ("going down NOW"):
            // the runtime's own stop must have unmounted /data before that, as rcK waited for it.
            int unmounted = indexOf(text, "data: synced and unmounted");
            int goingDown = indexOf(text, "The system is going down NOW");
            assertTrue(unmounted >= 0 && (goingDown < 0 || unmounted < goingDown),
                    this + ": the runtime did not unmount /data before init's SIGTERM to all (rcK)" + console());
            Path copy = DataCards.copyPartition2(card, dir.resolve("data.ext4"));
            try {
                DataCards.assertStrictlyClean(copy);
            } finally {
                Files.delete(copy);
            }
            System.out.printf("boot %d: powered off over SSH after ready: rcK stopped the runtime, /data unmounted;"
                    + " host e2fsck -fn exit 0 with nothing to replay%n", number);
        }

        private static int indexOf(List<String> text, String wanted) {
            for (int i = 0; i < text.size(); i++) {
                if (text.get(i).contains(wanted)) {
                    return i;
                }
            }
            return -1;
        }

        /** Waits for a console line containing {@code text}. */
        private void awaitLine(String text, Duration timeout) throws Exception {
            long deadline = elapsed() + timeout.toMillis();
            while (elapsed() < deadline) {
                if (lines.stream().anyMatch(l -> l.text().contains(text))) {
                    ready(); // notes what the line says was made
                    return;
                }
                Thread.sleep(50);
            }
            fail(this + ": no '" + text + "' within " + timeout + console());
        }

        private long elapsed() {
            return (System.nanoTime() - started) / 1_000_000;
        }

        /** Keeps the console in a file, and the format time if this boot formatted. */
        private void save() throws Exception {
            lines.stream().map(l -> DataCards.FORMATTED.matcher(l.text())).filter(Matcher::find)
                    .forEach(m -> formatMillis.add(Long.parseLong(m.group(1))));
            List<String> text = lines.stream().map(l -> String.format("%8.3f %s", l.millis() / 1000.0, l.text())).toList();
            Files.write(dir.resolve("boot-" + number + "-console.log"), text);
        }

        private String console() {
            List<String> text = lines.stream().map(l -> String.format("%8.3f %s", l.millis() / 1000.0, l.text())).toList();
            return "\nconsole of boot " + number + ":\n" + String.join("\n", text.subList(Math.max(0, text.size() - 120),
                    text.size()));
        }

        @Override
        public String toString() {
            return "boot " + number;
        }
    }
}
