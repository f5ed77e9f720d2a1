package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.qemu.BootSpec;
import org.lowernet.image.qemu.ImageBootFiles;
import org.lowernet.image.qemu.QemuBoot;
import org.lowernet.image.qemu.QemuMachine;

/**
 * The JVM's class-data cache on the real image (runtime.classdata): a writable card boots on QEMU virt three
 * times. The first boot has no cache and makes one on /data a minute after ready; the second boot's JVM maps it
 * (the launcher copied it out of the unmounted partition with debugfs, and the runtime reads {@code java.vm.info});
 * then the host overwrites a block in the middle of the archive on the card, and the third boot still reaches
 * ready, says the cache was not used, and makes it again. Between boots QEMU is killed (a power cut).
 */
class ClassDataQemuIT {

    static final Duration READY = Duration.ofSeconds(180);
    /** The cache is made this long after a start (the runtime's test-only switch; a minute without it). */
    private static final Duration DELAY = Duration.ofSeconds(10);
    /** A minute after ready, then a dump at low priority on an emulated CPU. */
    static final Duration MADE = Duration.ofMinutes(6);
    static final Pattern MADE_LINE = Pattern.compile("class data: made the cache (/data/lowernet/jvm/classes-\\w+\\.jsa)"
            + " for the next start \\((\\d+) KiB, (\\d+) classes listed, (\\d+) ms\\)");
    @TempDir
    Path dir;

    /** From starting QEMU to the ready line, per boot (printed, never asserted). */
    private final List<Double> secondsToReady = new ArrayList<>();

    @Test
    void theCacheMadeOnTheDeviceIsUsedAtTheNextBootAndACorruptOneIsIgnoredAndRemade() throws Exception {
        for (String tool : List.of("qemu-system-aarch64", "sfdisk", "e2fsck", "debugfs")) {
            HostTools.require(tool);
        }
        ImageBuilder.Result image = DataCards.image();
        Path card = Files.copy(image.image(), dir.resolve("card.img"));
        try (RandomAccessFile file = new RandomAccessFile(card.toFile(), "rw")) {
            file.setLength(DataPartitionQemuIT.DISK_BYTES);
        }

        // Killed as soon as the cache is made: the runtime's checkpoint must have put it where the launcher's debugfs
        // reads it at the next power-on (ext4's own writeback would take ~30 s).
        List<String> first = boot(card, "first", Until.CACHE_MADE);
        String all1 = String.join("\n", first);
        assertTrue(has(first, "class data: no cache for this runtime and JRE yet; making one " + DELAY.toSeconds()
                + " s after this start"), all1);
        Matcher made = made(first);
        String archive = made.group(1);
        assertTrue(Integer.parseInt(made.group(2)) > 1024, "an archive of some MiB: " + made.group());

        List<String> second = boot(card, "second", Until.READY);
        String all2 = String.join("\n", second);
        assertTrue(has(second, "class data: this start used the cache " + archive + " (" + made.group(2) + " KiB)"),
                "the second boot's JVM mapped the first boot's archive:\n" + all2);

        long offset = blockInTheMiddle(card, archive);
        try (RandomAccessFile file = new RandomAccessFile(card.toFile(), "rw")) {
            file.seek(offset);
            file.write(new byte[4096]);
        }

        List<String> third = boot(card, "third", Until.CACHE_MADE); // the last boot: nothing reads the card after it
        String all3 = String.join("\n", third);
        assertTrue(has(third, "class data: the cache " + archive + " was NOT used (the JVM found it stale or corrupt);"
                + " making it again " + DELAY.toSeconds() + " s after this start"), all3);
        Matcher remade = made(third);
        assertEquals(archive, remade.group(1), "the same runtime and JRE: the same name");
        System.out.printf("class data: archive %s KiB (%s classes listed), made in %s ms on QEMU virt; remade in %s ms"
                + " after a corrupt block at byte %d of the card; QEMU start to ready: %.1f s without the cache,"
                + " %.1f s with it, %.1f s with the corrupt one%n", made.group(2), made.group(3), made.group(4),
                remade.group(4), offset, secondsToReady.get(0), secondsToReady.get(1), secondsToReady.get(2));
    }

    private static Matcher made(List<String> console) {
        for (String line : console) {
            Matcher m = MADE_LINE.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("no 'class data: made the cache' line:\n" + String.join("\n", console));
    }

    /**
     * Where on the card a block in the middle of {@code path} (on partition 2) lies: debugfs's bmap on a copy of
     * the partition whose journal the host replayed (the card keeps its own for the node's e2fsck). The archive's
     * data blocks are written in place, never through the journal.
     */
    private long blockInTheMiddle(Path card, String path) throws Exception {
        Path copy = DataCards.copyPartition2(card, dir.resolve("data.ext4"));
        try {
            HostTools.Result replay = HostTools.run(List.of("e2fsck", "-E", "journal_only", "-p", copy.toString()));
            assertTrue(replay.exitCode() <= 1, "replaying the journal: " + replay);
            String inside = path.substring("/data".length());
            HostTools.Result stat = HostTools.run(List.of("debugfs", "-R", "stat " + inside, copy.toString()));
            Matcher size = Pattern.compile("Size: (\\d+)").matcher(stat.out());
            assertTrue(size.find(), "the archive is on the card: " + stat);
            HostTools.Result blockSize = HostTools.run(List.of("debugfs", "-R", "stats", copy.toString()));
            Matcher bs = Pattern.compile("(?m)^Block size:\\s+(\\d+)").matcher(blockSize.out());
            assertTrue(bs.find(), blockSize.toString());
            long block = Long.parseLong(bs.group(1));
            long middle = Long.parseLong(size.group(1)) / block / 2;
            HostTools.Result bmap = HostTools.run(List.of("debugfs", "-R", "bmap " + inside + " " + middle, copy.toString()));
            Matcher physical = Pattern.compile("(?m)^(\\d+)$").matcher(bmap.out());
            assertTrue(physical.find() && Long.parseLong(physical.group(1)) > 0, bmap.toString());
            return DataCards.partition2(card)[0] * DataCards.SECTOR + Long.parseLong(physical.group(1)) * block;
        } finally {
            Files.delete(copy);
        }
    }

    /** How long a boot runs before QEMU is killed. */
    private enum Until {
        READY,
        /** The console said the cache was made (or failed to be). */
        CACHE_MADE
    }

    /** Boots {@code card} writable on QEMU virt until {@code until}. */
    private List<String> boot(Path card, String name, Until until) throws Exception {
        ImageBootFiles files = ImageBootFiles.extract(card, QemuMachine.VIRT, Files.createDirectories(dir.resolve(name)));
        BootSpec spec = BootSpec.builder(QemuMachine.VIRT).image(card).writableImage().kernel(files.kernel())
                .initrd(files.initrd()).kernelArguments(files.kernelArguments() + " lowernet.test.classdata.delay="
                        + DELAY.toSeconds()).build();
        List<String> lines = new CopyOnWriteArrayList<>();
        long began = System.nanoTime();
        try (QemuBoot guest = QemuBoot.start(spec, line -> {
            System.out.println(name + "| " + line);
            lines.add(line.replaceFirst("^\\S+ \\S+ (INFO|WARN|ERROR): ", ""));
        })) {
            guest.awaitReady(READY);
            secondsToReady.add((System.nanoTime() - began) / 1e9);
            if (until != Until.READY) {
                guest.awaitLine(line -> line.contains("class data: made the cache") || line.contains("class data: making"),
                        MADE);
            }
        }
        return List.copyOf(lines);
    }

    private static boolean has(List<String> console, String text) {
        return console.stream().anyMatch(l -> l.contains(text));
    }
}
