package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.qemu.BootSpec;
import org.lowernet.image.qemu.QemuBoot;

/**
 * The data partition on the real image: a stamped card (an admin key, so SSH starts and makes its host key)
 * extended to a 1 GiB disk file is booted twice on QEMU virt, writable. The first boot grows partition 2 to
 * the disk's end and makes ext4; host tools then judge the file (sfdisk: partition 2 ends at the last sector;
 * e2fsck -fn: clean; dumpe2fs: a journal; debugfs: dnsmasq's leases hold the LAN client). The second boot
 * checks the filesystem (e2fsck -p), does not format it, and serves the same SSH host key: the fingerprint the
 * runtime logs on the console, and the one an independent client sees, ssh-keyscan from scripts/netlab's LAN
 * namespace (the router's NICs are TAPs of netlab's topology: needs root; nothing leaves the namespaces). The
 * LAN client keeps its address across the reboot.
 *
 * <p>The same two boots prove the boot record and the last good config: the card is stamped with a short
 * {@code reliability.good_after}, the first boot (reason power, first boot) saves its lowernet.conf as the last
 * good one, the host's {@code mcopy} then puts an invalid lowernet.conf on the FAT partition, and the second
 * boot (reason power: the harness cut it) runs the saved node name and LAN and says loudly which config it runs;
 * {@code lowernet boots}, over SSH with the stamped key, lists both boots. Over the same SSH, the second boot
 * shows that the coldplug's glob of modalias files (first stage, rcS) sees every alias under /sys/devices, and that
 * the kernel took cmdline.txt's {@code transparent_hugepage=never} and the runtime maps JNA's library from the image.
 *
 * <p>QEMU is ended by the harness (SIGTERM to QEMU, no shutdown inside the guest: the console has no shell),
 * so each stop is a power cut: the journal may need replaying, and the superblock's free totals and orphan
 * flag (which ext4 keeps in memory while mounted) are stale. The host replays the journal on a copy of the
 * partition, as the node's {@code e2fsck -p} does at its next boot on the disk itself, and {@code e2fsck -fn}
 * must then find nothing but those stale totals. A clean shutdown that unmounts /data (rcK) would leave none.
 */
class DataPartitionQemuIT {

    static final long DISK_BYTES = 1L << 30;
    static final Duration READY = Duration.ofSeconds(120);
    static final String FIRST_BOOT = "holds no ext filesystem (first boot)";
    static final String NODE = "cupboard-1";
    /** Partition 1 (FAT) starts at sector 8192. */
    static final long FAT_OFFSET = 8192 * DataCards.SECTOR;

    @TempDir
    Path dir;

    /** The stamped admin's dropbear key. */
    private Path adminKey;

    /** From starting QEMU to the ready line, in the last {@link #boot}. */
    private double secondsToReady;
    /** The host key as ssh-keyscan saw it from the LAN namespace, in the last {@link #boot}. */
    private String scannedKey;
    /** The LAN client's address (netlab lease), in the last {@link #boot}. */
    private String client;
    /** What {@code lowernet boots} printed over SSH in the second boot. */
    private String boots;

    @AfterEach
    void tearDown() throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            HostTools.sh(ImageIT.PROJECT, RouterQemuIT.NETLAB + " down");
        }
    }

    @Test
    void firstBootGrowsAndFormatsTheDataPartitionAndTheSecondKeepsItAndTheHostKey() throws Exception {
        DataCards.requireHost("ssh-keyscan", "ssh-keygen", "mcopy");
        ImageBuilder.Result image = DataCards.image();
        long built = Files.size(image.image());
        DataCards.Card stamped = DataCards.stamped(image, dir, "card.img", DISK_BYTES, "node.name=" + NODE,
                "reliability.good_after=10s");
        Path card = stamped.file();
        adminKey = stamped.adminKey();
        HostTools.sh(dir, RouterQemuIT.NETLAB + " up --router qemu");
        long[] before = DataCards.partition2(card);
        assertEquals(built / DataCards.SECTOR, before[0] + before[1], "the built partition 2 ends at the built image's end");

        // First boot: grow, format, mount.
        List<String> first = boot(card, "first");
        double firstBoot = secondsToReady;
        String all = String.join("\n", first);
        assertTrue(has(first, FIRST_BOOT), all);
        String grown = line(first, "data: partition 2 grown in the MBR from " + before[1] + " to ").orElseThrow(
                () -> new AssertionError("no growth of partition 2 from " + before[1] + " sectors:\n" + all));
        String formatted = line(first, "data: ext4 with a journal made on ").orElseThrow(
                () -> new AssertionError("no ext4 made:\n" + all));
        assertTrue(has(first, "data: /dev/vda2 mounted at /data (ext4, noatime)"), all);
        assertFalse(has(first, "UNAVAILABLE"), all);
        String firstKey = hostKey(first);
        assertEquals(firstKey, scannedKey, "the key the console logs is the one a LAN client sees");
        String firstClient = client;

        // The host's tools judge the disk file.
        long[] after = DataCards.partition2(card);
        assertEquals(before[0], after[0], "partition 2 keeps its start");
        assertEquals(DISK_BYTES / DataCards.SECTOR, after[0] + after[1], "partition 2 ends at the 1 GiB disk's end");
        String firstJudged = judge(card);
        assertTrue(has(first, "boot 1: reason power (first boot of this card's data partition)"), all);
        assertTrue(has(first, "config: lowernet.conf ran healthy for 10s: saved as the last good config"), all);

        // A person breaks lowernet.conf on the card's FAT partition with the host's mtools.
        Path broken = Files.writeString(dir.resolve("broken.conf"), "node.name = other-name\nlan.address = 10.0.0.0/8\n");
        HostTools.Result copied = HostTools.run(List.of("mcopy", "-o", "-i", card + "@@" + FAT_OFFSET, broken.toString(),
                "::lowernet.conf"));
        assertEquals(0, copied.exitCode(), copied.toString());

        // Second boot of the same file: checked, not formatted, the same host key.
        List<String> second = boot(card, "second");
        double secondBoot = secondsToReady;
        String all2 = String.join("\n", second);
        assertFalse(has(second, FIRST_BOOT), all2);
        assertFalse(has(second, "ext4 with a journal made"), all2);
        String checked = line(second, "e2fsck -p").orElseThrow(() -> new AssertionError("no e2fsck -p:\n" + all2));
        assertTrue(checked.contains("/dev/vda2"), checked);
        assertTrue(has(second, "data: /dev/vda2 mounted at /data (ext4, noatime)"), all2);
        assertFalse(has(second, "UNAVAILABLE"), all2);
        assertEquals(firstKey, hostKey(second), "the SSH host key changed between boots (console)");
        // The broken file: the last good config runs (its node name, its LAN), and the node says so loudly.
        String invalid = line(second, "lowernet.conf IS INVALID: running with the last good config saved ").orElseThrow(
                () -> new AssertionError("no loud 'IS INVALID ... last good config' line:\n" + all2));
        assertTrue(invalid.contains("(/data/lowernet/last-good.conf), because /boot/lowernet.conf has 1 error(s)"), invalid);
        assertTrue(has(second, "node name: " + NODE), all2);
        assertFalse(has(second, "node name: other-name"), all2);
        assertTrue(has(second, "boot 2: reason power (the previous boot ended without a clean stop: power cut or reset)"),
                all2);
        assertEquals(firstKey, scannedKey, "the SSH host key a LAN client sees (ssh-keyscan) changed between boots");
        assertEquals(firstClient, client, "the LAN client's address changed across the reboot");
        assertTrue(boots.contains("lowernet boot 1 at ") && boots.contains(": reason power (first boot of this card's"),
                "lowernet boots over SSH lists the first boot:\n" + boots);
        assertTrue(boots.lines().anyMatch(l -> l.startsWith("lowernet boot 2 at ") && l.contains(": reason power (the previous")),
                "lowernet boots over SSH lists this boot:\n" + boots);
        long[] again = DataCards.partition2(card);
        assertEquals(after[0] + after[1], again[0] + again[1], "partition 2 still ends at the disk's end");
        String secondJudged = judge(card);

        System.out.printf("data partition: first boot %.1f s to ready (%s; %s), second boot %.1f s to ready (%s); host key %s;"
                + " the same from ssh-keyscan on the LAN in both boots; LAN client %s in both boots;"
                + " host e2fsck after the first power cut: %s, after the second: %s%n",
                firstBoot, grown, formatted, secondBoot, checked, firstKey, client, firstJudged, secondJudged);
    }

    /** Boots {@code card} writable until ready; the console lines without their time stamps. */
    private List<String> boot(Path card, String name) throws Exception {
        Path work = Files.createDirectories(dir.resolve(name));
        BootSpec spec = DataCards.virt(card, work);
        List<String> lines = new CopyOnWriteArrayList<>();
        long began = System.nanoTime();
        try (QemuBoot guest = QemuBoot.start(spec, line -> {
            System.out.println(name + "| " + line);
            lines.add(line.replaceFirst("^\\S+ \\S+ (INFO|WARN|ERROR): ", ""));
        })) {
            guest.awaitReady(READY);
            secondsToReady = (System.nanoTime() - began) / 1e9;
            // SSH may log its host key just after ready; give it a moment, and the journal its commit.
            if (lines.stream().noneMatch(l -> DataCards.HOST_KEY.matcher(l).find())) {
                guest.awaitLine(line -> DataCards.HOST_KEY.matcher(line).find(), Duration.ofSeconds(30));
            }
            client = HostTools.sh(dir, RouterQemuIT.NETLAB + " lease").strip();
            scannedKey = keyscan(Duration.ofSeconds(30));
            if (name.equals("first")) {
                guest.awaitLine("saved as the last good config", Duration.ofSeconds(90));
            } else {
                boots = overSsh("/opt/lowernet/bin/lowernet boots");
                // The first stage and rcS load drivers from a glob of the buses' modalias files and the CPU's, not
                // from a find through all of /sys: the glob must see every alias there is.
                String[] aliases = overSsh("cat /sys/bus/*/devices/*/modalias /sys/devices/system/cpu/modalias"
                        + " | sort -u; echo --; find /sys/devices -name modalias -exec cat {} + | sort -u")
                        .split("--\n", -1);
                assertEquals(2, aliases.length, String.join("--\n", aliases));
                assertTrue(aliases[0].contains("cpu:type:aarch64:feature:"), aliases[0]);
                assertEquals(aliases[1], aliases[0], "the coldplug's glob against every modalias under /sys/devices");
                // The card's cmdline.txt turns transparent huge pages off (Debian's kernel has them always on, and
                // a 2 MiB page that a small JVM touches only in part costs RAM): the kernel took it.
                String hugePages = overSsh("cat /sys/kernel/mm/transparent_hugepage/enabled").strip();
                assertTrue(hugePages.contains("[never]"), "transparent huge pages: " + hugePages);
                // JNA's library is the image's file, not a copy JNA made in /tmp (RAM) from its jar.
                assertEquals("/opt/lowernet/lib/native/com/sun/jna/linux-aarch64/libjnidispatch.so",
                        overSsh("grep -h jnidispatch /proc/[0-9]*/maps | awk '{ print $6 }' | sort -u").strip());
            }
            Thread.sleep(6000); // ext4 commits its journal every 5 s: the host key and the lease are on the disk
        }
        Files.write(dir.resolve(name + "-console.log"), lines);
        return List.copyOf(lines);
    }

    /**
     * Judges partition 2 of {@code card} with the host's e2fsprogs, on a copy (the card stays as the guest left
     * it, for its next boot): the journal replayed as a mount or the node's {@code e2fsck -p} would, then
     * {@code e2fsck -fn} finds nothing wrong but the summary that ext4 keeps only in memory while mounted (the
     * free block and inode totals, the orphan file flag), which a power cut leaves stale and which every check
     * recomputes; and a journal is there. Returns what e2fsck reported beyond "clean".
     */
    private String judge(Path card) throws Exception {
        Path copy = DataCards.copyPartition2(card, dir.resolve("data.ext4"));
        try {
            List<String> problems = DataCards.checkAfterReplay(copy);
            HostTools.Result header = HostTools.run(List.of("dumpe2fs", "-h", copy.toString()));
            assertEquals(0, header.exitCode(), header.toString());
            Matcher features = Pattern.compile("(?m)^Filesystem features:\\s+(.*)$").matcher(header.out());
            assertTrue(features.find(), header.out());
            assertTrue(features.group(1).contains("has_journal"), features.group(1));
            assertTrue(features.group(1).contains("extent"), "ext4's extents: " + features.group(1));
            HostTools.Result leases = HostTools.run(List.of("debugfs", "-R", "cat /lowernet/dnsmasq.leases",
                    copy.toString()));
            assertTrue(leases.out().contains(" " + client + " "),
                    "dnsmasq's leases on the data partition hold the LAN client " + client + ": " + leases);
            return problems.isEmpty() ? "clean" : "clean but for " + problems;
        } finally {
            Files.delete(copy);
        }
    }

    /** Runs {@code command} on the router over SSH from the LAN namespace with the stamped admin key (dbclient). */
    private String overSsh(String command) throws Exception {
        HostTools.Result result = HostTools.run(List.of("ip", "netns", "exec", "lnlan", "dbclient", "-y", "-i",
                adminKey.toString(), "root@" + RouterQemuIT.LAN_ROUTER, command));
        assertEquals(0, result.exitCode(), "ssh " + command + ": " + result);
        return result.out();
    }

    /** The LAN client's ssh-keyscan of the router, as {@code ssh-ed25519 SHA256:...} (ssh-keygen -l). */
    private String keyscan(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HostTools.Result scan;
        do {
            scan = HostTools.run(List.of("ip", "netns", "exec", "lnlan", "ssh-keyscan", "-T", "5", "-t", "ed25519",
                    RouterQemuIT.LAN_ROUTER));
            Optional<String> line = scan.out().lines().filter(l -> l.startsWith(RouterQemuIT.LAN_ROUTER + " ssh-ed25519 "))
                    .findFirst();
            if (line.isPresent()) {
                Path keys = Files.writeString(dir.resolve("scanned.pub"), line.get() + "\n");
                HostTools.Result print = HostTools.run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", keys.toString()));
                assertEquals(0, print.exitCode(), print.toString());
                Matcher m = Pattern.compile("^\\d+ (SHA256:\\S+) .*\\(ED25519\\)").matcher(print.out().strip());
                assertTrue(m.find(), print.out());
                return "ssh-ed25519 " + m.group(1);
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("ssh-keyscan from the LAN found no ed25519 key on " + RouterQemuIT.LAN_ROUTER
                + " within " + timeout + ": " + scan);
    }

    private static String hostKey(List<String> console) {
        return DataCards.hostKeys(console).stream().findFirst().orElseThrow(
                () -> new AssertionError("no 'ssh: host key' line:\n" + String.join("\n", console)));
    }

    private static boolean has(List<String> console, String text) {
        return line(console, text).isPresent();
    }

    private static Optional<String> line(List<String> console, String text) {
        return console.stream().filter(l -> l.contains(text)).findFirst();
    }
}
