package org.lowernet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.Requires;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventType;

/**
 * The data step on a real block device: a disk file with an MBR made by sfdisk (partition 1 type FAT, mounted
 * read-only at the fake root's /boot as rcS does; partition 2 Linux, 4 MiB), attached with {@code losetup -P}.
 * The fake root's /proc/mounts points /boot at the loop's p1; its sys and dev are the host's. Judges: sfdisk
 * for the table, dumpe2fs for the filesystem, the kernel's /proc/mounts for the mount.
 */
class DataPartitionIT {

    static final long DISK_BYTES = 64L << 20;
    static final long P2_START = 40_960;

    @TempDir
    Path folder;

    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

    @Test
    void firstBootGrowsAndFormatsLaterBootsKeepTheData() throws Exception {
        requirements();
        Path root = folder.resolve("root");
        try (Loop loop = Loop.attach(disk(folder.resolve("card.img")), root)) {
            DataPartition first = new DataPartition(root, DataTools.fromSystemProperties(), events::add);
            first.start();
            try {
                assertTrue(first.mounted(), "mounted after the first start");
                assertEquals(List.of(), events);
                JsonArray partitions = sfdisk(loop.device).get("partitions").asArray();
                JsonObject p1 = partitions.get(0).asObject();
                JsonObject p2 = partitions.get(1).asObject();
                assertEquals(List.of(8192L, 32_768L, "c"), List.of(p1.getLong("start", 0), p1.getLong("size", 0),
                        p1.getString("type", "")), "partition 1 unchanged");
                assertEquals(List.of(P2_START, DISK_BYTES / 512 - P2_START, "83"), List.of(p2.getLong("start", 0),
                        p2.getLong("size", 0), p2.getString("type", "")), "partition 2 grown to the disk's end");
                assertEquals(String.valueOf(DISK_BYTES / 512 - P2_START),
                        Files.readString(Path.of("/sys/class/block", loop.name + "p2", "size")).strip(),
                        "the kernel sees the grown partition");
                String header = run(List.of("dumpe2fs", "-h", loop.device + "p2"));
                assertTrue(header.lines().anyMatch(l -> l.startsWith("Filesystem features:") && l.contains("has_journal")),
                        header);
                assertTrue(header.contains("Filesystem volume name:   lowernet-data"), header);
                assertTrue(mountLine(root.resolve("data")).contains(" ext4 "), mountLine(root.resolve("data")));
                assertTrue(mountLine(root.resolve("data")).contains("noatime"), mountLine(root.resolve("data")));
                assertTrue(Files.isDirectory(root.resolve("data/lowernet")));
                Files.writeString(root.resolve("data/lowernet/kept"), "across a reboot\n");
            } finally {
                first.stop();
            }
            assertEquals("", mountLine(root.resolve("data")), "unmounted after stop");
            assertFalse(Files.exists(root.resolve("data/lowernet/kept")), "the file is on the partition, not below");

            DataPartition second = new DataPartition(root, DataTools.fromSystemProperties(), events::add);
            second.start();
            try {
                assertTrue(second.mounted());
                assertEquals("across a reboot\n", Files.readString(root.resolve("data/lowernet/kept")),
                        "the second start checked and mounted the partition, it did not reformat it");
            } finally {
                second.stop();
            }
            assertEquals(List.of(), events);
        }
    }

    @Test
    void garbageThatIsNotExtIsFormatted() throws Exception {
        requirements();
        Path root = folder.resolve("root");
        // An old card's leftovers: random bytes, and a FAT boot sector's signature that blkid would name.
        byte[] garbage = garbage(43);
        garbage[1080] = 0;
        garbage[510] = 0x55;
        garbage[511] = (byte) 0xAA;
        try (Loop loop = Loop.attach(withPartition2(folder.resolve("garbage.img"), garbage), root)) {
            DataPartition data = new DataPartition(root, DataTools.fromSystemProperties(), events::add);
            data.start();
            try {
                assertTrue(data.mounted(), "formatted and mounted");
                assertTrue(run(List.of("dumpe2fs", "-h", loop.device + "p2")).contains("has_journal"));
                assertEquals(DISK_BYTES / 512 - P2_START,
                        sfdisk(loop.device).get("partitions").asArray().get(1).asObject().getLong("size", 0));
            } finally {
                data.stop();
            }
            assertEquals(List.of(), events);
        }
    }

    @Test
    void aDamagedExtPartitionIsNeitherFormattedNorMountedButReported() throws Exception {
        requirements();
        Path root = folder.resolve("root");
        // Partition 2 all garbage but the ext magic: e2fsck finds no superblock or backup to repair from.
        byte[] garbage = garbage(42);
        garbage[1080] = 0x53;
        garbage[1081] = (byte) 0xEF;
        Path card = withPartition2(folder.resolve("damaged.img"), garbage);
        try (Loop loop = Loop.attach(card, root)) {
            DataPartition data = new DataPartition(root, DataTools.fromSystemProperties(), events::add);
            data.start();
            try {
                assertFalse(data.mounted());
                assertTrue(data.unavailable().orElseThrow().startsWith("e2fsck -p " + root.resolve("dev")),
                        data.unavailable().orElseThrow());
                assertEquals(1, events.size(), events.toString());
                assertEquals(EventType.DATA_UNAVAILABLE, events.getFirst().type());
                assertEquals(root.resolve("dev").resolve(loop.name + "p2").toString(),
                        events.getFirst().fields().get("device"));
                assertEquals("", mountLine(root.resolve("data")));
                assertTrue(Files.isDirectory(root.resolve("data/lowernet")), "the RAM folder for this boot");
                JsonObject p2 = sfdisk(loop.device).get("partitions").asArray().get(1).asObject();
                assertEquals(4096 * 2, p2.getLong("size", 0), "not grown either");
            } finally {
                data.stop();
            }
        }
        byte[] after = new byte[garbage.length];
        try (RandomAccessFile file = new RandomAccessFile(card.toFile(), "r")) {
            file.seek(P2_START * 512);
            file.readFully(after);
        }
        assertArrayEquals(garbage, after, "partition 2 untouched: not formatted");
    }

    private static void requirements() {
        Requires.that("root".equals(System.getProperty("user.name")), "loop devices and mounts need root");
        Requires.executable(Path.of("/usr/sbin/mke2fs"), "e2fsprogs");
        Requires.executable(Path.of("/usr/sbin/dumpe2fs"), "e2fsprogs");
        Requires.executable(Path.of("/usr/sbin/sfdisk"), "fdisk");
        Requires.executable(Path.of("/usr/sbin/losetup"), "mount");
        Requires.executable(Path.of("/usr/bin/partx"), "util-linux");
        Requires.executable(Path.of("/usr/bin/busybox"), "busybox-static");
    }

    /** A sparse disk file with partition 1 (FAT32 LBA, 16 MiB at 4 MiB) and partition 2 (Linux, 4 MiB after it). */
    private static Path disk(Path file) throws Exception {
        try (RandomAccessFile disk = new RandomAccessFile(file.toFile(), "rw")) {
            disk.setLength(DISK_BYTES);
        }
        Process sfdisk = new ProcessBuilder("sfdisk", "-q", file.toString()).redirectErrorStream(true).start();
        sfdisk.getOutputStream().write(("label: dos\nstart=8192, size=32768, type=c\nstart=" + P2_START
                + ", size=8192, type=83\n").getBytes(StandardCharsets.US_ASCII));
        sfdisk.getOutputStream().close();
        String out = new String(sfdisk.getInputStream().readAllBytes());
        assertEquals(0, sfdisk.waitFor(), out);
        return file;
    }

    /** Partition 2's 4 MiB of random bytes. */
    private static byte[] garbage(long seed) {
        byte[] bytes = new byte[4 << 20];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A {@link #disk} whose partition 2 starts with {@code content}. */
    private static Path withPartition2(Path file, byte[] content) throws Exception {
        disk(file);
        try (RandomAccessFile disk = new RandomAccessFile(file.toFile(), "rw")) {
            disk.seek(P2_START * 512);
            disk.write(content);
        }
        return file;
    }

    private static JsonObject sfdisk(String device) throws Exception {
        return Json.parse(run(List.of("sfdisk", "-J", device))).asObject().get("partitiontable").asObject();
    }

    /** The kernel's /proc/mounts line for {@code mountPoint}, or "". */
    private static String mountLine(Path mountPoint) throws IOException {
        return Files.readAllLines(Path.of("/proc/mounts")).stream()
                .filter(l -> l.split(" ")[1].equals(mountPoint.toString())).findFirst().orElse("");
    }

    static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), command + " did not finish");
        assertEquals(0, process.exitValue(), command + ": " + out);
        return out;
    }

    /**
     * A disk file on a loop device with its partitions, p1 FAT and mounted read-only at {@code root}/boot, and
     * the fake root around it; close unmounts what is still mounted and detaches the loop.
     */
    private record Loop(String device, String name, Path root) implements AutoCloseable {

        static Loop attach(Path disk, Path root) throws Exception {
            String device = run(List.of("losetup", "-f", "--show", "-P", disk.toString())).strip();
            Loop loop = new Loop(device, Path.of(device).getFileName().toString(), root);
            try {
                for (int i = 0; i < 20 && !Files.exists(Path.of(device + "p2")); i++) {
                    Thread.sleep(100);
                }
                if (!Files.exists(Path.of(device + "p2"))) {
                    // A kernel that did not scan the loop's table (seen on test hosts): add them with BLKPG.
                    run(List.of("partx", "-a", device));
                }
                // ext2 stands in for the FAT: some test hosts' kernels have no vfat, and the data step only needs
                // partition 1 mounted (holding the disk busy, as /boot does on the device).
                run(List.of("mke2fs", "-q", "-t", "ext2", "-L", "LOWERNET", device + "p1"));
                Files.createDirectories(root.resolve("boot"));
                Files.createDirectories(root.resolve("proc"));
                Files.createSymbolicLink(root.resolve("sys"), Path.of("/sys"));
                Files.createSymbolicLink(root.resolve("dev"), Path.of("/dev"));
                run(List.of("mount", "-o", "ro", device + "p1", root.resolve("boot").toString()));
                Files.writeString(root.resolve("proc/mounts"), "proc /proc proc rw 0 0\n" + device + "p1 /boot vfat ro 0 0\n");
            } catch (Exception | AssertionError e) {
                loop.close();
                throw e;
            }
            return loop;
        }

        @Override
        public void close() throws Exception {
            for (Path mountPoint : List.of(root.resolve("data"), root.resolve("boot"))) {
                if (!mountLine(mountPoint).isEmpty()) {
                    new ProcessBuilder("umount", mountPoint.toString()).inheritIO().start().waitFor();
                }
            }
            new ProcessBuilder("losetup", "-d", device).inheritIO().start().waitFor();
        }
    }
}
