package org.lowernet.image.build;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.lowernet.image.HostTools;
import org.lowernet.image.cpio.ZstdCpio;
import org.lowernet.image.jre.JreLinker;
import org.lowernet.image.qemu.BootSpec;
import org.lowernet.image.qemu.ImageBootFiles;
import org.lowernet.image.qemu.QemuBoot;
import org.lowernet.image.qemu.QemuMachine;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * {@code scripts/benchmark boot IMAGE [BOOTS]}: power-on to {@code lowernet ready} on QEMU virt beside a floor
 * measured in the same run, the same kernel with an initramfs whose {@code /init} only prints a line; then
 * ready to the LAN client's first lease and first forwarded packet. Floor and lowernet boots alternate, so
 * a noisy host slows both alike. The card is stamped and writable: the first boot (formatting {@code /data},
 * making the SSH host key and what the node caches there) is a warm-up, reported apart; the timed boots are
 * the ones a node in a cupboard makes every day. Each lowernet boot ends with {@code poweroff} over SSH.
 * Needs root (scripts/netlab's TAPs and namespaces). Prints numbers; asserts nothing.
 */
final class BootBenchmark {

    private static final String FLOOR_MARKER = "lowernet-floor: /init ran";
    private static final Duration READY = Duration.ofSeconds(180);
    private static final Duration POWER_OFF = Duration.ofSeconds(60);
    /** How long the warm-up boot runs after ready, so that what the node makes after ready is on /data. */
    private static final Duration SETTLE = Duration.ofSeconds(Long.getLong("lowernet.bench.settle", 150));

    private final Path work;
    /** Every lowernet boot's console, kept after the run (the card and boot files are not). */
    private final Path consoles;
    private final Path adminKey;
    private final BootSpec floor;
    private final BootSpec lowernet;

    private BootBenchmark(Path work, DataCards.Card card) throws Exception {
        this.work = work;
        this.consoles = Files.createTempDirectory("lowernet-boot-consoles");
        this.adminKey = card.adminKey();
        this.lowernet = DataCards.virt(card.file(), work.resolve("boot"));
        ImageBootFiles files = ImageBootFiles.extract(card.file(), QemuMachine.VIRT, work.resolve("boot"));
        // The same kernel, arguments, CPUs, NICs and disk (as a throw-away snapshot): only /init differs.
        this.floor = BootSpec.builder(QemuMachine.VIRT).image(card.file()).kernel(lowernet.kernel())
                .initrd(floorInitrd(work.resolve("floor.img"))).kernelArguments(files.kernelArguments())
                .qemuArguments(lowernet.qemuArguments().toArray(String[]::new)).build();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: BootBenchmark IMAGE [BOOTS]");
            System.exit(2);
        }
        Path image = Path.of(args[0]).toAbsolutePath();
        int boots = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        DataCards.requireHost();
        Path work = Files.createTempDirectory("lowernet-boot-benchmark");
        try {
            HostTools.sh(work, RouterQemuIT.NETLAB + " up --router qemu");
            DataCards.Card card = DataCards.stamped(image, work, "card.img", 1L << 30);
            new BootBenchmark(work, card).run(boots);
        } finally {
            HostTools.sh(work, RouterQemuIT.NETLAB + " down");
            JreLinker.deleteRecursively(work);
        }
    }

    private void run(int boots) throws Exception {
        System.out.println("consoles of the lowernet boots: " + consoles);
        Boot first = bootLowernet("first-boot", SETTLE);
        System.out.printf(Locale.ROOT, "first boot (formats /data, makes the host key): ready after %.1f s%n", first.ready);
        List<Double> floors = new ArrayList<>();
        List<Boot> timed = new ArrayList<>();
        for (int i = 1; i <= boots; i++) {
            floors.add(bootFloor());
            timed.add(bootLowernet("boot-" + i, Duration.ZERO));
            System.out.printf(Locale.ROOT, "boot %d/%d: floor %.1f s; lowernet ready %.1f s (/init at %.1f s),"
                    + " ready -> lease %.1f s, -> forwarded %.1f s%n", i, boots, floors.getLast(),
                    timed.getLast().ready, timed.getLast().init, timed.getLast().lease, timed.getLast().forward);
        }
        double floorMedian = median(floors);
        double readyMedian = median(timed.stream().map(b -> b.ready).toList());
        System.out.printf(Locale.ROOT, "boot floor (same kernel, /init only prints a line): median %.1f s %s%n",
                floorMedian, spread(floors));
        System.out.printf(Locale.ROOT, "power-on to lowernet ready:  median %.1f s %s = %.2fx the floor (target <= 2.0x)%n",
                readyMedian, spread(timed.stream().map(b -> b.ready).toList()), readyMedian / floorMedian);
        System.out.printf(Locale.ROOT, "  of which power-on to /init: median %.1f s; /init to ready: median %.1f s%n",
                median(timed.stream().map(b -> b.init).toList()),
                median(timed.stream().map(b -> b.ready - b.init).toList()));
        System.out.printf(Locale.ROOT, "ready to first LAN lease:    median %.1f s %s%n",
                median(timed.stream().map(b -> b.lease).toList()), spread(timed.stream().map(b -> b.lease).toList()));
        System.out.printf(Locale.ROOT, "ready to first forwarded packet: median %.1f s %s%n",
                median(timed.stream().map(b -> b.forward).toList()), spread(timed.stream().map(b -> b.forward).toList()));
    }

    /** Seconds from QEMU's start to the floor's line. */
    private double bootFloor() {
        long start = System.nanoTime();
        try (QemuBoot guest = QemuBoot.start(floor, line -> { })) {
            guest.awaitLine(FLOOR_MARKER, READY);
            return seconds(start);
        }
    }

    /** One boot's times in seconds from QEMU's start (init, ready) and from ready (lease, forward). */
    private record Boot(double init, double ready, double lease, double forward) {
    }

    private Boot bootLowernet(String name, Duration settle) throws Exception {
        List<String> console = new ArrayList<>();
        long start = System.nanoTime();
        try (QemuBoot guest = QemuBoot.start(lowernet, line -> {
            synchronized (console) {
                console.add(line);
            }
        })) {
            guest.awaitLine("Run /init", READY);
            double init = seconds(start);
            guest.awaitReady(READY);
            double ready = seconds(start);
            long readyAt = System.nanoTime();
            HostTools.sh(work, RouterQemuIT.NETLAB + " lease");
            double lease = seconds(readyAt);
            double forward = firstForwarded(readyAt);
            TimeUnit.NANOSECONDS.sleep(settle.toNanos());
            powerOff(guest, name);
            return new Boot(init, ready, lease, forward);
        } catch (RuntimeException | AssertionError e) {
            System.err.println(name + " failed; its console is in " + consoles);
            throw e;
        } finally {
            synchronized (console) {
                Files.write(consoles.resolve(name + ".log"), console);
            }
        }
    }

    /** Seconds from {@code since} to the first page the LAN client fetched through the router from the WAN. */
    private double firstForwarded(long since) throws Exception {
        Path page = work.resolve("hello.txt");
        for (int attempt = 0; attempt < 300; attempt++) {
            Files.deleteIfExists(page);
            HostTools.run(List.of("ip", "netns", "exec", "lnlan", "busybox", "wget", "-q", "-O", page.toString(),
                    RouterQemuIT.TARGET));
            if (Files.exists(page) && Files.size(page) > 0) {
                return seconds(since);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no packet forwarded from the LAN to the WAN within 300 attempts");
    }

    private void powerOff(QemuBoot guest, String name) throws Exception {
        HostTools.Result ssh = HostTools.run(List.of("ip", "netns", "exec", "lnlan", "timeout", "30", "dbclient",
                "-yy", "-i", adminKey.toString(), "root@" + RouterQemuIT.LAN_ROUTER, "poweroff"));
        boolean off = guest.process().onExit().thenApply(p -> true)
                .completeOnTimeout(false, POWER_OFF.toSeconds(), TimeUnit.SECONDS).get();
        if (!off) {
            throw new IllegalStateException(name + ": still running " + POWER_OFF + " after poweroff over SSH ("
                    + ssh + ")");
        }
    }

    /**
     * A zstd-compressed cpio (as the image's) holding {@code /dev/console} and an {@code /init} that writes one
     * line to it and spins: a static arm64 ELF of 170 bytes, so the floor needs no shell, no libc and nothing
     * from the image.
     */
    static Path floorInitrd(Path file) throws IOException {
        FileTree tree = new FileTree().directory("dev", 0755).put("dev/console", new Node.CharDevice(0600, 5, 1))
                .file("init", 0755, Content.of(lineWritingElf(FLOOR_MARKER + "\n")));
        try (OutputStream out = Files.newOutputStream(file)) {
            ZstdCpio.write(tree, 0, out);
        }
        return file;
    }

    /** ELF64 header, one loadable segment, six instructions (write(1, msg, len); b .), then the message. */
    static byte[] lineWritingElf(String message) {
        byte[] text = message.getBytes(StandardCharsets.US_ASCII);
        long base = 0x400000;
        int headers = 64 + 56;
        int[] code = {
            0xD2800020, // movz x0, #1 (stdout: the console the kernel opened for init)
            0x10000000 | ((20 >> 2) << 5) | 1, // adr x1, message (20 bytes ahead of this instruction)
            0xD2800002 | (text.length << 5), // movz x2, #length
            0xD2800808, // movz x8, #64 (write)
            0xD4000001, // svc #0
            0x14000000, // b . (init must not exit: the kernel panics)
        };
        int size = headers + code.length * 4 + text.length;
        ByteBuffer elf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).put(new byte[8]);
        elf.putShort((short) 2).putShort((short) 183).putInt(1); // ET_EXEC, EM_AARCH64, EV_CURRENT
        elf.putLong(base + headers).putLong(64).putLong(0); // entry, program headers, no section headers
        elf.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1) // flags, sizes, one segment
                .putShort((short) 64).putShort((short) 0).putShort((short) 0);
        elf.putInt(1).putInt(5).putLong(0).putLong(base).putLong(base) // PT_LOAD, R+X, the whole file at base
                .putLong(size).putLong(size).putLong(0x10000);
        Arrays.stream(code).forEach(elf::putInt);
        elf.put(text);
        return elf.array();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String spread(List<Double> values) {
        return String.format(Locale.ROOT, "(min %.1f, max %.1f, %d boots)", values.stream().min(Double::compare).orElseThrow(),
                values.stream().max(Double::compare).orElseThrow(), values.size());
    }
}
