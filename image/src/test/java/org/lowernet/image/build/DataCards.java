package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lowernet.image.HostTools;
import org.lowernet.image.debian.PackageCache;
import org.lowernet.image.jre.JreLinker;
import org.lowernet.image.qemu.BootSpec;
import org.lowernet.image.qemu.ImageBootFiles;
import org.lowernet.image.qemu.QemuMachine;
import org.lowernet.image.stamp.StampCommand;

/**
 * Writable cards for the QEMU virt tests of the data partition, and the host's e2fsprogs as their judge: a
 * stamped card (an admin key, so SSH starts and makes its host key; netlab's WAN and LAN), partition 2 as
 * sfdisk reads it, copied out and checked after the journal's replay.
 */
final class DataCards {

    /**
     * What a data-card test needs of the host, plus {@code extra} commands: QEMU, e2fsprogs and fdisk as judges,
     * dropbear's tools for the admin key and SSH, root for scripts/netlab's namespaces and TAPs.
     */
    static void requireHost(String... extra) {
        for (String command : List.of("qemu-system-aarch64", "sfdisk", "e2fsck", "mke2fs", "dumpe2fs", "debugfs",
                "dropbearkey", "dbclient", "dnsmasq", "busybox")) {
            HostTools.require(command);
        }
        HostTools.require("root".equals(System.getProperty("user.name")), "needs root for scripts/netlab's namespaces and TAPs");
        for (String command : extra) {
            HostTools.require(command);
        }
    }

    static final long SECTOR = 512;
    static final Pattern HOST_KEY = Pattern.compile("ssh: host key (ssh-\\S+ SHA256:\\S+)");
    /** The node's first-boot format line; its time in ms is group 1. */
    static final Pattern FORMATTED = Pattern.compile("data: ext4 with a journal made on \\S+ \\(\\d+ MiB\\) in (\\d+) ms");

    /** A stamped card file and the admin's dropbear key that its authorized_keys holds. */
    record Card(Path file, Path adminKey) {
    }

    /** The image the QEMU tests of the data partition share (built once per test JVM). */
    private static ImageBuilder.Result image;

    private DataCards() {
    }

    /**
     * The built image, once per test JVM for every QEMU test that only stamps or copies it (the data partition's,
     * MQTT's, the clock's, the watchdog's, safe mode's, the slots'): each build of their own cost seconds of the CI
     * budget. A release of {@link ImageIT#VERSION} that trusts {@link ImageIT#RELEASE_KEY}. Its folder goes when the
     * JVM ends.
     */
    static synchronized ImageBuilder.Result image() throws Exception {
        if (image == null) {
            Path out = Files.createTempDirectory("lowernet-data-it");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    JreLinker.deleteRecursively(out);
                } catch (IOException e) {
                    System.err.println("could not delete the test image folder " + out + ": " + e.getMessage());
                }
            }, "delete-" + out));
            image = ImageIT.release(ImageIT.RUNTIME, out.resolve("image"), PackageCache.defaultDir(), ImageIT.VERSION);
        }
        return image;
    }

    /**
     * Stamps {@code image} into {@code dir/name} with a fresh admin key (dropbearkey), netlab's roles and LAN and
     * {@code settings} ({@code key=value}), extended (sparse) to {@code bytes}: the MBR's partition 2 still ends
     * where the built image ends.
     */
    static Card stamped(ImageBuilder.Result image, Path dir, String name, long bytes, String... settings)
            throws Exception {
        return stamped(image.image(), dir, name, bytes, settings);
    }

    /** {@link #stamped(ImageBuilder.Result, Path, String, long, String...)} from an image file. */
    static Card stamped(Path image, Path dir, String name, long bytes, String... settings) throws Exception {
        List<String> all = new ArrayList<>(List.of("interface.eth0.role=wan", "interface.eth1.role=lan",
                "wan.mode=dhcp", "lan.address=" + RouterQemuIT.LAN_ROUTER + "/24",
                "lan.dhcp.range=203.0.113.100-203.0.113.199"));
        all.addAll(List.of(settings));
        return stampedOnly(image, dir, name, bytes, all);
    }

    /**
     * Stamps {@code image} into {@code dir/name} with a fresh admin key (dropbearkey) and only {@code settings}
     * ({@code key=value}), extended (sparse) to {@code bytes}: the MBR's partition 2 still ends where the built
     * image ends.
     */
    static Card stampedOnly(Path image, Path dir, String name, long bytes, List<String> settings) throws Exception {
        Path admin = dir.resolve(name + "-admin");
        HostTools.Result made = HostTools.run(List.of("dropbearkey", "-t", "ed25519", "-f", admin.toString()));
        assertEquals(0, made.exitCode(), made.toString());
        String publicKey = made.out().lines().filter(l -> l.startsWith("ssh-ed25519 ")).findFirst().orElseThrow();
        Path adminPub = Files.writeString(dir.resolve(name + "-admin.pub"), publicKey + "\n");
        Path card = dir.resolve(name);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> arguments = new ArrayList<>(List.of(image.toString(), "--out", card.toString(),
                "--ssh-key", adminPub.toString()));
        for (String setting : settings) {
            arguments.addAll(List.of("--set", setting));
        }
        int code = StampCommand.run(arguments, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        if (bytes > Files.size(card)) {
            try (RandomAccessFile file = new RandomAccessFile(card.toFile(), "rw")) {
                file.setLength(bytes);
            }
        }
        return new Card(card, admin);
    }

    /** QEMU virt booting {@code card} writable, on netlab's NICs; the boot files are extracted into {@code work}. */
    static BootSpec virt(Path card, Path work) throws Exception {
        return virt(card, work, List.of(RouterQemuIT.NETLAB_NICS));
    }

    /** {@link #virt(Path, Path)} with other NICs ({@code -netdev}/{@code -device} arguments). */
    static BootSpec virt(Path card, Path work, List<String> nics) throws Exception {
        ImageBootFiles files = ImageBootFiles.extract(card, QemuMachine.VIRT, Files.createDirectories(work));
        return BootSpec.builder(QemuMachine.VIRT).image(card).writableImage().kernel(files.kernel())
                .initrd(files.initrd()).kernelArguments(files.kernelArguments())
                .qemuArguments(nics.toArray(String[]::new)).build();
    }

    /** Partition 2's start and size in sectors, as sfdisk reads the disk file. */
    static long[] partition2(Path disk) throws Exception {
        HostTools.Result dump = HostTools.run(List.of("sfdisk", "-d", disk.toString()));
        assertEquals(0, dump.exitCode(), dump.toString());
        Matcher m = Pattern.compile("(?m)^\\S+2 : start=\\s*(\\d+), size=\\s*(\\d+), type=83").matcher(dump.out());
        assertTrue(m.find(), "no Linux partition 2 in sfdisk -d:\n" + dump.out());
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    /** Copies partition 2 of {@code card} into {@code copy} (sparse), so the card stays as the guest left it. */
    static Path copyPartition2(Path card, Path copy) throws Exception {
        long[] partition = partition2(card);
        HostTools.sh(copy.getParent(), "dd if=" + card + " of=" + copy + " bs=1M iflag=skip_bytes,count_bytes"
                + " conv=sparse status=none skip=" + partition[0] * SECTOR + " count=" + partition[1] * SECTOR);
        return copy;
    }

    /**
     * Replays the journal of the ext4 in {@code copy} as a mount or the node's {@code e2fsck -p} would, then
     * asserts that {@code e2fsck -fn} finds nothing wrong but the summary that ext4 keeps only in memory while
     * mounted (the free block and inode totals, the orphan file flag), which a power cut leaves stale and which
     * every check recomputes. Returns those stale summaries (empty: strictly clean).
     */
    static List<String> checkAfterReplay(Path copy) throws Exception {
        HostTools.Result replay = HostTools.run(List.of("e2fsck", "-E", "journal_only", "-p", copy.toString()));
        assertTrue(replay.exitCode() <= 1, "replaying the journal: " + replay);
        HostTools.Result fsck = HostTools.run(List.of("e2fsck", "-fn", copy.toString()));
        List<String> problems = fsck.out().lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("Pass ") && !l.equals("Fix? no") && !l.equals("Clear? no")
                        && !l.contains("WARNING: Filesystem still has errors") && !l.matches("\\S+: \\d+/\\d+ files .*"))
                .toList();
        List<String> unexpected = problems.stream().filter(l -> !l.matches("Free (blocks|inodes) count wrong \\(\\d+, counted=\\d+\\)\\.")
                && !l.equals("Feature orphan_present is set but orphan file is clean.")).toList();
        assertTrue(fsck.exitCode() == 0 || fsck.exitCode() == 4 && unexpected.isEmpty(),
                "e2fsck -fn on the data partition found more than stale summary counts: " + unexpected + "\n" + fsck);
        return problems;
    }

    /**
     * A filesystem left by a clean shutdown: no journal to replay ({@code needs_recovery} unset) and
     * {@code e2fsck -fn} exits 0 as it is, without anything replayed or recomputed.
     */
    static void assertStrictlyClean(Path copy) throws Exception {
        HostTools.Result header = HostTools.run(List.of("dumpe2fs", "-h", copy.toString()));
        assertEquals(0, header.exitCode(), header.toString());
        Matcher features = Pattern.compile("(?m)^Filesystem features:\\s+(.*)$").matcher(header.out());
        assertTrue(features.find(), header.out());
        assertTrue(!features.group(1).contains("needs_recovery"), "the journal needs replaying: " + features.group(1));
        Matcher state = Pattern.compile("(?m)^Filesystem state:\\s+(.*)$").matcher(header.out());
        assertTrue(state.find() && state.group(1).strip().equals("clean"), "filesystem state: " + header.out());
        HostTools.Result fsck = HostTools.run(List.of("e2fsck", "-fn", copy.toString()));
        assertEquals(0, fsck.exitCode(), "e2fsck -fn after a clean shutdown: " + fsck);
    }

    /** Whether {@code partition} (a copy of partition 2) starts with an ext superblock (magic 0xEF53 at 1080). */
    static boolean hasSuperblock(Path partition) throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(partition.toFile(), "r")) {
            if (file.length() < 1082) {
                return false;
            }
            file.seek(1080);
            return file.read() == 0x53 && file.read() == 0xEF;
        }
    }

    /** A file's bytes inside the ext4 in {@code copy} (debugfs), empty when it is not there. */
    static Optional<byte[]> read(Path copy, String path, Path scratch) throws Exception {
        Files.deleteIfExists(scratch);
        HostTools.Result dump = HostTools.run(List.of("debugfs", "-R", "dump " + path + " " + scratch, copy.toString()));
        assertEquals(0, dump.exitCode(), dump.toString());
        if (!Files.exists(scratch)) {
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(scratch);
        Files.delete(scratch);
        return Optional.of(bytes);
    }

    /** Every SSH host key fingerprint the console logged, in order. */
    static List<String> hostKeys(List<String> console) {
        List<String> keys = new ArrayList<>();
        for (String line : console) {
            Matcher m = HOST_KEY.matcher(line);
            if (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }
}
