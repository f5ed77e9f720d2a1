package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.qemu.QemuBoot;

/**
 * Bad media on QEMU virt, one boot each: a card whose partition 2 starts with random bytes (no ext superblock)
 * is formatted and mounted at /data; a card whose partition 2 holds an ext4 that {@code e2fsck -p} refuses to
 * repair (made on the host: root inode cleared, state not clean; the host's {@code e2fsck -p} exits 4 on a
 * copy first) is never formatted: the node says DATA PARTITION ... UNAVAILABLE, reaches ready and leases an
 * address to the LAN client of scripts/netlab (it routes without persistence), and afterwards the host finds
 * the same filesystem (UUID, creation time, size) with its root inode still cleared. The data_unavailable event
 * is proven on a loop device (runtime DataPartitionIT).
 */
class BadMediaQemuIT {

    static final Duration READY = Duration.ofSeconds(120);
    static final int GARBAGE_BYTES = 4 << 20;

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            HostTools.sh(ImageIT.PROJECT, RouterQemuIT.NETLAB + " down");
        }
    }

    @Test
    void garbageIsFormattedAndAnExt4ThatE2fsckCannotRepairIsKeptWhileTheNodeRoutes() throws Exception {
        DataCards.requireHost();
        ImageBuilder.Result image = DataCards.image();
        HostTools.sh(dir, RouterQemuIT.NETLAB + " up --router qemu");

        // Garbage: random bytes over partition 2's start, without the ext magic.
        Path garbage = DataCards.stamped(image, dir, "garbage.img", 0).file();
        long[] partition = DataCards.partition2(garbage);
        byte[] noise = new byte[GARBAGE_BYTES];
        new Random(12).nextBytes(noise);
        noise[1080] = 0; // never 0xEF53 at the superblock's magic, whatever the seed gives
        try (RandomAccessFile file = new RandomAccessFile(garbage.toFile(), "rw")) {
            file.seek(partition[0] * DataCards.SECTOR);
            file.write(noise);
        }
        List<String> formatted = boot(garbage, "garbage", () -> "");
        String all = String.join("\n", formatted);
        assertTrue(formatted.stream().anyMatch(l -> l.contains("data: /dev/vda2 holds no ext filesystem (first boot)")), all);
        String made = formatted.stream().filter(l -> DataCards.FORMATTED.matcher(l).find()).findFirst()
                .orElseThrow(() -> new AssertionError("garbage on partition 2 was not formatted:\n" + all));
        assertTrue(formatted.stream().anyMatch(l -> l.contains("data: /dev/vda2 mounted at /data (ext4, noatime)")), all);
        assertFalse(all.contains("UNAVAILABLE"), all);
        Path copy = DataCards.copyPartition2(garbage, dir.resolve("garbage.ext4"));
        assertTrue(DataCards.hasSuperblock(copy));
        List<String> stale = DataCards.checkAfterReplay(copy);
        Files.delete(copy);
        System.out.printf("bad media: random bytes over partition 2's first %d MiB: %s; host e2fsck -fn clean after"
                + " the journal's replay%s%n", GARBAGE_BYTES >> 20, made, stale.isEmpty() ? "" : " (stale totals only)");

        // Damaged ext4: made on the host, proven beyond e2fsck -p first.
        Path damaged = DataCards.stamped(image, dir, "damaged.img", 0).file();
        partition = DataCards.partition2(damaged);
        Path fs = dir.resolve("damaged.ext4");
        HostTools.sh(dir, "truncate -s " + partition[1] * DataCards.SECTOR + " " + fs);
        HostTools.Result mkfs = HostTools.run(List.of("mke2fs", "-t", "ext4", "-F", "-q", "-L", "lowernet-data",
                fs.toString()));
        assertEquals(0, mkfs.exitCode(), mkfs.toString());
        // The root directory's inode cleared, and the state "not clean" so that e2fsck -p looks (a clean state
        // would let it pass without a check): pass 3 then finds no root, which preening may not fix.
        HostTools.sh(dir, "printf 'mkdir lowernet\\nclri <2>\\nssv state 0\\n' | debugfs -w -f - " + fs + " >/dev/null");
        Path proof = dir.resolve("proof.ext4");
        Files.copy(fs, proof);
        HostTools.Result preen = HostTools.run(List.of("e2fsck", "-p", proof.toString()));
        assertTrue(preen.exitCode() >= 4, "the host's e2fsck -p must refuse this damage (exit 4 or more): " + preen);
        Files.delete(proof);
        HostTools.sh(dir, "dd if=" + fs + " of=" + damaged + " bs=1M oflag=seek_bytes conv=notrunc,sparse status=none"
                + " seek=" + partition[0] * DataCards.SECTOR);
        String identity = identity(fs);
        Files.delete(fs);

        String[] leased = new String[1];
        List<String> kept = boot(damaged, "damaged", () -> leased[0] = HostTools.sh(dir, RouterQemuIT.NETLAB + " lease").strip());
        String client = leased[0];
        String all2 = String.join("\n", kept);
        String loud = kept.stream().filter(l -> l.contains("DATA PARTITION /dev/vda2 UNAVAILABLE")).findFirst()
                .orElseThrow(() -> new AssertionError("no DATA PARTITION ... UNAVAILABLE line:\n" + all2));
        assertTrue(loud.contains("e2fsck -p"), loud);
        assertFalse(kept.stream().anyMatch(l -> DataCards.FORMATTED.matcher(l).find()), "a damaged ext4 was formatted:\n" + all2);
        assertFalse(all2.contains("(first boot)"), all2);
        assertFalse(all2.contains("mounted at /data"), all2);
        assertTrue(client.startsWith("203.0.113."), "the LAN client's lease: " + client);
        Path after = DataCards.copyPartition2(damaged, dir.resolve("after.ext4"));
        assertEquals(partition[1], DataCards.partition2(damaged)[1], "partition 2 was grown or shrunk");
        assertEquals(identity, identity(after), "the damaged filesystem was replaced");
        HostTools.Result root = HostTools.run(List.of("debugfs", "-R", "stat <2>", after.toString()));
        assertTrue(root.out().contains("Mode:  0000 "),
                "the cleared root inode was touched (it may only be repaired by hand): " + root);
        Files.delete(after);
        System.out.printf("bad media: an ext4 that e2fsck -p refuses (host e2fsck -p exit %d): not formatted (%s"
                + " unchanged), the node ready and leasing %s to the LAN without persistence: %s%n",
                preen.exitCode(), identity, client, loud);
    }

    /** Boots {@code card} until ready, then runs {@code whileUp}; the console lines without their time stamps. */
    private List<String> boot(Path card, String name, Callable<String> whileUp) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (QemuBoot guest = QemuBoot.start(DataCards.virt(card, dir.resolve(name)), line -> {
            System.out.println(name + "| " + line);
            lines.add(line.replaceFirst("^\\S+ \\S+ (INFO|WARN|ERROR): ", ""));
        })) {
            guest.awaitReady(READY);
            whileUp.call();
        }
        return List.copyOf(lines);
    }

    /** What a format would change: the UUID, the creation time and the block count (dumpe2fs -h). */
    private static String identity(Path fs) throws Exception {
        HostTools.Result header = HostTools.run(List.of("dumpe2fs", "-h", fs.toString()));
        assertEquals(0, header.exitCode(), header.toString());
        List<String> fields = new ArrayList<>();
        for (String field : List.of("Filesystem UUID", "Filesystem created", "Block count")) {
            Matcher m = Pattern.compile("(?m)^" + field + ":\\s+(.*)$").matcher(header.out());
            assertTrue(m.find(), field + " in " + header.out());
            fields.add(field + " " + m.group(1).strip());
        }
        return String.join(", ", fields);
    }
}
