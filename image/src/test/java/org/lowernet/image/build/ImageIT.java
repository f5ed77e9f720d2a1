package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.board.Boards;
import org.lowernet.image.debian.PackageCache;
import org.lowernet.image.fat.FatReader;
import org.lowernet.image.qemu.BootSpec;
import org.lowernet.image.qemu.ImageBootFiles;
import org.lowernet.image.qemu.QemuBoot;
import org.lowernet.image.qemu.QemuMachine;
import org.lowernet.image.rootfs.DeviceJars;
import org.lowernet.image.stamp.BootImage;
import org.lowernet.image.stamp.StampCommand;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.Node;
import org.lowernet.runtime.board.Board;
import org.lowernet.runtime.hash.Sha256;
import org.lowernet.runtime.update.BundleRefused;
import org.lowernet.runtime.update.ReleasePrivateKey;
import org.lowernet.runtime.update.ReleasePublicKey;
import org.lowernet.runtime.update.UpdateBundle;
import org.lowernet.runtime.update.UpdateManifest;
import org.lowernet.runtime.wgkey.WgPrivateKey;
import org.tukaani.xz.XZInputStream;

/**
 * The real image, built once from the committed lockfile and the download cache that scripts/build
 * filled (offline: the mirror is a closed loopback port), then judged by host tools and booted in QEMU.
 */
class ImageIT {

    private static final Pattern STAMPED_KEY = Pattern.compile("tunnel public key ([A-Za-z0-9+/]{43}=)");

    static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    /** Nothing listens here: a build that tried to download would fail. */
    static final String OFFLINE_MIRROR = "http://127.0.0.1:9/debian";
    static final String OFFLINE_SECURITY_MIRROR = "http://127.0.0.1:9/debian-security";
    static final long PARTITION_OFFSET = 4L << 20;
    static final Path RUNTIME = PROJECT.resolve("runtime/target/lowernet-runtime");

    @TempDir
    static Path output;

    static ImageBuilder.Result image;
    /** What the shared build printed, line by line. */
    static List<String> said;
    /** The release key every build here signs its update bundle with. */
    static final ReleasePrivateKey RELEASE_KEY = ReleasePrivateKey.generate();
    /** A version an update bundle can carry (the builds' files are named for it). */
    static final String VERSION = "0.0.1-it";

    @BeforeAll
    static void buildOnce() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                System.out.write(b);
                printed.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                System.out.write(bytes, offset, length);
                printed.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8);
        image = release(RUNTIME, output.resolve("first"), PackageCache.defaultDir(), VERSION, both);
        said = printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    static ImageBuilder.Result build(Path out, Path cache) throws Exception {
        return build(PROJECT, out, cache);
    }

    /** Builds offline from {@code project} (the checkout or a changed copy of it), with the built runtime. */
    static ImageBuilder.Result build(Path project, Path out, Path cache) throws Exception {
        return build(project, RUNTIME, out, cache);
    }

    static ImageBuilder.Result build(Path project, Path runtime, Path out, Path cache) throws Exception {
        return build(project, runtime, out, cache, "it", Optional.empty());
    }

    /** This class's builds: a version an update can carry, and a bundle signed with {@link #RELEASE_KEY}. */
    private static ImageBuilder.Result signedBuild(Path runtime, Path out, Path cache) throws Exception {
        return release(runtime, out, cache, VERSION);
    }

    /** A build of {@code version} whose root trusts {@link #RELEASE_KEY} and whose bundle it signs. */
    static ImageBuilder.Result release(Path runtime, Path out, Path cache, String version) throws Exception {
        return release(runtime, out, cache, version, System.out);
    }

    private static ImageBuilder.Result release(Path runtime, Path out, Path cache, String version, PrintStream says)
            throws Exception {
        Path key = out.resolveSibling(out.getFileName() + "-release.key");
        if (Files.notExists(key)) {
            Files.writeString(key, RELEASE_KEY.fileText());
        }
        return build(PROJECT, runtime, out, cache, version, Optional.of(key), says);
    }

    private static ImageBuilder.Result build(Path project, Path runtime, Path out, Path cache, String version,
            Optional<Path> releaseKey) throws Exception {
        return build(project, runtime, out, cache, version, releaseKey, System.out);
    }

    private static ImageBuilder.Result build(Path project, Path runtime, Path out, Path cache, String version,
            Optional<Path> releaseKey, PrintStream says) throws Exception {
        BuildContext context = new BuildContext(project, runtime,
                List.of(), out, cache, Optional.of(OFFLINE_MIRROR), Optional.of(OFFLINE_SECURITY_MIRROR), List.of(), false,
                version, Main.parse(new String[0]).epoch(), false, releaseKey)
                .validated();
        return new ImageBuilder(context, says).build();
    }

    @Test
    void theBuildSaysOnceHowFarBehindItsLockIsOnlyAfterTheKernelAndTheJre() {
        // Offline here, so the line says it could not check. The check parses the archive's indexes for seconds
        // on a core: it starts once the kernel and the JRE steps, which keep both cores busy, are done.
        List<String> lock = said.stream()
                .filter(l -> l.startsWith("lock is ") || l.startsWith("could not check whether the lock is behind"))
                .toList();
        assertEquals(1, lock.size(), String.join("\n", said));
        int lockLine = said.indexOf(lock.getFirst());
        for (String step : List.of("kernel ", "jre ")) {
            int done = said.stream().filter(l -> l.startsWith(step) && !l.endsWith("...")).mapToInt(said::indexOf)
                    .max().orElseThrow(() -> new AssertionError("no " + step + "step in " + said));
            assertTrue(done < lockLine, step + "step done at line " + done + ", the lock's line at " + lockLine
                    + ": " + String.join("\n", said));
        }
    }

    @Test
    void releaseFilesAgree() throws IOException {
        assertEquals(DiskImageStep.IMAGE_BYTES, Files.size(image.image()));
        assertEquals(1, Long.bitCount(Files.size(image.image())), "QEMU's raspi3b needs a power-of-two SD card");
        assertEquals(image.digest() + "  " + image.image().getFileName() + "\n", Files.readString(image.sha256()));
        assertEquals(image.digest(), sha256(Files.newInputStream(image.image())));
        assertEquals(image.digest(), sha256(new XZInputStream(Files.newInputStream(image.xz()))));
        try (var files = Files.list(image.image().getParent())) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".partial")), "a .partial file was left behind");
        }
    }

    @Test
    void bootPartitionPassesFsck() throws Exception {
        HostTools.require("fsck.fat");
        Path partition = output.resolve("boot.fat");
        try (var in = Files.newInputStream(image.image())) {
            in.skipNBytes(PARTITION_OFFSET);
            Files.write(partition, in.readNBytes((int) (DiskImageStep.BOOT_BYTES)));
        }
        String report = HostTools.sh(output, "fsck.fat -n boot.fat");
        // Nothing but the banner and the summary: any repair fsck would propose is printed between them.
        assertTrue(report.matches("fsck.fat [^\n]+\nboot.fat: \\d+ files, \\d+/\\d+ clusters\n"), report);
    }

    /**
     * The contract with the device side, judged by util-linux: partition 2 is Linux (83) from the first
     * 4 MiB boundary after partition 1 to the image's last sector; it holds zeros, and the bmap maps its
     * first 4 MiB (so flashing wipes an old filesystem there) and nothing more of it.
     */
    @Test
    void sfdiskShowsTheDataPartitionFromTheAlignedStartToTheEnd() throws Exception {
        HostTools.require("sfdisk");
        String dump = HostTools.sh(output, "sfdisk -d '" + image.image() + "'");
        String name = image.image().toString();
        assertTrue(dump.startsWith("label: dos\n") && dump.contains("\nunit: sectors\n"), dump);
        assertTrue(dump.contains(name + "1 : start=        8192, size=      262144, type=c, bootable\n"), dump);
        long start = (8192 + 262144 + 8191) / 8192 * 8192; // 270336 = 132 MiB
        long size = DiskImageStep.IMAGE_BYTES / 512 - start;
        assertTrue(dump.contains(String.format(java.util.Locale.ROOT, "%s2 : start=%12d, size=%12d, type=83\n",
                name, start, size)), dump);
        assertEquals(2, dump.lines().filter(l -> l.startsWith(name)).count(), dump);

        try (var in = Files.newInputStream(image.image())) {
            in.skipNBytes(start * 512);
            assertArrayEquals(new byte[4 << 20], in.readNBytes(4 << 20), "partition 2 starts with 4 MiB of zeros");
        }
        // The bmap's ranges, read as text: one ends with partition 2's 4 MiB head, none begins after it.
        long headLast = (start * 512 + (4 << 20)) / 4096 - 1;
        List<long[]> ranges = java.util.regex.Pattern.compile("<Range chksum=\"\\p{XDigit}{64}\"> (\\d+)(?:-(\\d+))? </Range>")
                .matcher(Files.readString(image.bmap())).results()
                .map(m -> new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(m.group(2) == null ? 1 : 2))})
                .toList();
        assertTrue(ranges.stream().anyMatch(r -> r[0] <= start * 512 / 4096 && r[1] == headLast),
                "partition 2's head is not mapped whole");
        assertTrue(ranges.stream().noneMatch(r -> r[1] > headLast), "something after partition 2's head is mapped");
    }

    @Test
    void mtoolsReadsEveryBootFileByteForByte() throws Exception {
        HostTools.require("mcopy");
        String drive = image.image() + "@@" + PARTITION_OFFSET;
        String listing = HostTools.sh(output, "MTOOLS_SKIP_CHECK=1 mdir -/ -b -i '" + drive + "' ::");
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, Node> entry : image.boot().entries().entrySet()) {
            if (!(entry.getValue() instanceof Node.RegularFile file)) {
                continue;
            }
            files.add(entry.getKey());
            assertTrue(listing.contains("::/" + entry.getKey()), entry.getKey() + " missing from\n" + listing);
            Path copy = output.resolve("mcopy.out");
            HostTools.sh(output, "MTOOLS_SKIP_CHECK=1 mcopy -n -i '" + drive + "' '::" + entry.getKey() + "' mcopy.out");
            assertArrayEquals(file.content().bytes(), Files.readAllBytes(copy), entry.getKey());
        }
        assertTrue(files.containsAll(List.of("bootcode.bin", "start_cd.elf", "fixup_cd.dat", "start4cd.elf", "fixup4cd.dat",
                "bcm2837-rpi-3-b.dtb", "bcm2711-rpi-4-b.dtb", "bcm2837-rpi-zero-2-w.dtb", "vmlinuz", "initrd.img",
                "system-a", "slots.txt", "config.txt", "cmdline.txt", "lowernet.conf")), files.toString());
    }

    /** The system is a squashfs: unsquashfs reads every entry the root needs, owned by root. */
    @Test
    void unsquashfsListsTheSystem() throws Exception {
        Path dir = Files.createDirectories(output.resolve("system"));
        String listing = unpackSystem(dir);

        for (String expected : List.of(" init -> usr/bin/busybox", " usr/bin/busybox", " etc/inittab",
                " etc/init.d/rcS", " opt/lowernet/bin/lowernet", " opt/lowernet/lib/lowernet-runtime.jar",
                " opt/lowernet/jre/bin/java", " usr/lib/ld-linux-aarch64.so.1", "modules.dep", "modules.alias",
                " bin -> usr/bin", " usr/bin/modprobe -> busybox")) {
            assertTrue(listing.contains(expected), expected + " not in the initramfs");
        }
        // The router's daemons and the libraries they link against (their packages' dependency closure).
        for (String expected : List.of(" usr/sbin/dnsmasq", " usr/sbin/nft", " usr/sbin/dropbear",
                " usr/lib/aarch64-linux-gnu/libnftables.so.1", " usr/lib/aarch64-linux-gnu/libjansson.so.4",
                " usr/lib/aarch64-linux-gnu/libnetfilter_conntrack.so.3", " usr/lib/aarch64-linux-gnu/libtomcrypt.so.1",
                " etc/lowernet/modules")) {
            assertTrue(listing.contains(expected), expected + " not in the initramfs");
        }
        assertTrue(listing.lines().anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(" usr/sbin/nft")), listing);
        assertTrue(listing.contains(" usr/bin/udhcpc -> busybox"), "no udhcpc applet");
        // The firewall's modules, with what nf_conntrack needs but modules.dep cannot say (crc32c_generic).
        String modulesDep = HostTools.sh(dir, "cat root/usr/lib/modules/*/modules.dep");
        for (String module : List.of("net/netfilter/nf_tables.ko:", "net/netfilter/nft_masq.ko:",
                "net/netfilter/nft_chain_nat.ko:", "net/netfilter/nft_ct.ko:", "net/netfilter/nft_reject_inet.ko:",
                "net/netfilter/nf_conntrack.ko:", "crypto/crc32c_generic.ko:", "lib/libcrc32c.ko:")) {
            assertTrue(modulesDep.contains("kernel/" + module), module + " not in modules.dep:\n" + modulesDep);
        }
        assertTrue(listing.lines().anyMatch(l -> l.startsWith("crw-------") && l.endsWith(" dev/console")), listing);
        assertTrue(listing.lines().allMatch(l -> l.split(" +")[1].equals("0/0")), "entries owned by root");
        assertTrue(listing.lines().count() > 400, listing);
        assertFalse(listing.contains("usr/share/doc/"), "documentation left in the initramfs");
        // Paho's jar, published signed, is in the root without its signature (the JVM would verify it at every
        // start), JNA's without the native libraries of other machines; every jar in the root has nothing to drop.
        Path lib = PROJECT.resolve("runtime/target/lowernet-runtime/lib");
        assertTrue(DeviceJars.dropped(Content.of(lib.resolve("org.eclipse.paho.client.mqttv3.jar"))).signature());
        assertTrue(DeviceJars.dropped(Content.of(lib.resolve("jna.jar"))).nativeLibraries() >= 20);
        try (var jars = Files.list(dir.resolve("root/opt/lowernet/lib"))) {
            for (Path jar : jars.filter(f -> f.toString().endsWith(".jar")).toList()) {
                assertFalse(DeviceJars.dropped(Content.of(jar)).any(), jar + " in the root");
            }
        }
        assertTrue(HostTools.sh(dir, "unzip -l root/opt/lowernet/lib/jna.jar").contains(
                "com/sun/jna/linux-aarch64/libjnidispatch.so"), "JNA's library for the device");
    }

    /**
     * The first stage (initrd.img, the initramfs the firmware loads) holds what finds and mounts a system slot:
     * its init script, busybox (static: no library), the modules of
     * SD, virtio disks, FAT, loop, squashfs, overlay and watchdogs with their options (nowayout). The card starts
     * with system-a committed.
     */
    @Test
    void theFirstStageCarriesWhatFindsAndMountsTheSystem() throws Exception {
        HostTools.require("cpio");
        HostTools.require("zstd");
        Path dir = Files.createDirectories(output.resolve("stage1"));
        Files.write(dir.resolve("initrd.img"),
                ((Node.RegularFile) image.boot().get("initrd.img").orElseThrow()).content().bytes());
        String listing = HostTools.sh(dir, "zstd -dcq initrd.img | cpio -tv --quiet");
        for (String expected : List.of(" usr/bin/busybox", " usr/bin/switch_root -> busybox",
                " lib -> usr/lib",
                "/virtio_blk.ko", "/vfat.ko", "/nls_cp437.ko", "/bcm2835.ko", "/sdhci-iproc.ko", "/i6300esb.ko",
                "/bcm2835_wdt.ko", "/loop.ko", "/squashfs.ko", "/overlay.ko",
                "modules.dep", " etc/modprobe.d/watchdog.conf", " etc/lowernet/stage1-modules")) {
            assertTrue(listing.contains(expected), expected + " not in the first stage:\n" + listing);
        }
        assertTrue(listing.lines().anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(" init")), listing);
        assertFalse(listing.contains("opt/lowernet"), "the runtime in the first stage");
        assertFalse(listing.contains("usr/bin/zstd"), "zstd in the first stage, which unpacks nothing");
        assertFalse(listing.contains("usr/lib/aarch64-linux-gnu/"), "a shared library in the first stage, whose busybox is static");
        String slots = new String(((Node.RegularFile) image.boot().get("slots.txt").orElseThrow()).content().bytes(),
                StandardCharsets.UTF_8);
        assertEquals(org.lowernet.runtime.update.SlotState.initial(VERSION), org.lowernet.runtime.update.SlotState.parse(slots));
    }

    /**
     * The device formats partition 2 with e2fsprogs (busybox's mke2fs makes ext2 only): its programs are
     * real arm64 ELF files under their own names, not busybox links, with every library they need.
     */
    @Test
    void theRootCarriesE2fsprogsNotBusyboxLinks() throws Exception {
        HostTools.require("file");
        HostTools.require("readelf");
        Path dir = Files.createDirectories(output.resolve("e2fsprogs"));
        String listing = unpackSystem(dir);
        for (String program : List.of("mke2fs", "e2fsck", "resize2fs")) {
            assertTrue(listing.lines().anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(" usr/sbin/" + program)),
                    "usr/sbin/" + program + " is not a regular executable file");
            assertFalse(listing.contains(" usr/bin/" + program + " -> busybox"), program + " is shadowed by busybox");
            String file = HostTools.sh(dir, "file -b root/usr/sbin/" + program);
            assertTrue(file.startsWith("ELF 64-bit LSB") && file.contains("ARM aarch64"), program + ": " + file);
            for (String needed : HostTools.sh(dir, "readelf -d root/usr/sbin/" + program + " | sed -n 's/.*(NEEDED).*\\[\\(.*\\)\\]/\\1/p'")
                    .lines().toList()) {
                assertTrue(listing.contains(" usr/lib/aarch64-linux-gnu/" + needed), program + " needs " + needed);
            }
        }
        assertTrue(listing.contains(" usr/sbin/mkfs.ext4 -> mke2fs"), "no mkfs.ext4");
        assertTrue(listing.contains(" usr/sbin/fsck.ext4 -> e2fsck"), "no fsck.ext4");
        assertTrue(listing.contains(" etc/mke2fs.conf"), "mke2fs without its ext4 defaults");
        String modulesDep = HostTools.sh(dir, "cat root/usr/lib/modules/*/modules.dep");
        assertTrue(modulesDep.contains("kernel/fs/ext4/ext4.ko"), "no ext4 module");
        String bootModules = HostTools.sh(dir, "cat root/etc/lowernet/modules");
        assertTrue(bootModules.lines().anyMatch("ext4"::equals), bootModules);
    }

    /**
     * Unpacks the system file (a squashfs) into {@code dir}/root with squashfs-tools' unsquashfs, the independent
     * reader, and returns its listing, one entry a line in {@code cpio -tv}'s spirit: "MODE 0/0 SIZE DATE TIME
     * path[ -> target]" (the root's own line has no path).
     */
    static String unpackSystem(Path dir) throws Exception {
        HostTools.require("unsquashfs");
        Files.write(dir.resolve("system-a"), image.system().bytes());
        HostTools.sh(dir, "unsquashfs -q -n -d root system-a");
        return HostTools.sh(dir, "unsquashfs -lln -d '' system-a | sed 's# /# #'");
    }

    /**
     * The signed update bundle: the system (the initramfs) and every boot file the build made, byte for byte,
     * but never the card's lowernet.conf; for arm64 and every board; read back with the release key's public half
     * and refused with another key.
     */
    @Test
    void theUpdateBundleHoldsTheSystemAndEveryBootFileButTheCardsSettings() throws Exception {
        Path bundle = image.update().orElseThrow();
        assertEquals("lowernet-" + VERSION + "-arm64.update", bundle.getFileName().toString());
        Map<String, ByteArrayOutputStream> parts = new LinkedHashMap<>();
        UpdateManifest manifest;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle))) {
            UpdateBundle.Opened opened = UpdateBundle.open(in, List.of(RELEASE_KEY.publicKey()));
            manifest = opened.manifest();
            opened.readParts(part -> parts.computeIfAbsent(part.name(), name -> new ByteArrayOutputStream()));
        }
        assertEquals(VERSION, manifest.version().text());
        assertEquals("arm64", manifest.architecture());
        assertEquals(Boards.read(PROJECT.resolve("board")).select(List.of()).stream().map(Board::id).toList(),
                manifest.boards());
        assertEquals("system", manifest.system().name());
        assertArrayEquals(image.system().bytes(), parts.get("system").toByteArray());
        Set<String> bootFiles = new TreeSet<>();
        image.boot().entries().forEach((name, node) -> {
            if (node instanceof Node.RegularFile) {
                bootFiles.add(name);
            }
        });
        assertTrue(bootFiles.remove("lowernet.conf"), "the image has a lowernet.conf for the user to edit");
        assertTrue(bootFiles.remove("slots.txt"), "the image has its slots' state");
        assertTrue(bootFiles.remove("system-a"), "the image's system is in slot a");
        Set<String> bootParts = new TreeSet<>(parts.keySet());
        bootParts.remove("system");
        assertEquals(bootFiles, bootParts, "every boot file but lowernet.conf and slots.txt, and the system");
        for (String name : bootFiles) {
            assertArrayEquals(((Node.RegularFile) image.boot().get(name).orElseThrow()).content().bytes(),
                    parts.get(name).toByteArray(), name);
        }
        ReleasePublicKey stranger = ReleasePrivateKey.generate().publicKey();
        try (InputStream in = Files.newInputStream(bundle)) {
            BundleRefused refused = assertThrows(BundleRefused.class, () -> UpdateBundle.open(in, List.of(stranger)));
            assertTrue(refused.getMessage().startsWith("signed by " + RELEASE_KEY.publicKey()), refused.getMessage());
        }
        System.out.printf("update bundle: %s, %d parts, %d pieces, system %s bytes%n", Progress.mib(Files.size(bundle)),
                manifest.parts().size(), manifest.parts().stream().mapToInt(p -> p.pieces().size()).sum(),
                manifest.system().size());
    }

    /**
     * The build loop's promise: after a runtime change, a build on the warm step cache (the first build's)
     * writes the same .img, .img.xz, .sha256, .bmap and .update as a clean build (no step cache, later, into
     * another folder) of the same inputs.
     */
    @Test
    void anIncrementalBuildAfterARuntimeChangeIsByteIdenticalToACleanOne() throws Exception {
        Path runtime = output.resolve("changed-runtime");
        ProjectCopy.copyTree(PROJECT.resolve("runtime/target/lowernet-runtime"), runtime);
        Files.writeString(runtime.resolve("lib/changed.txt"), "a runtime change\n");
        ImageBuilder.Result incremental = signedBuild(runtime, output.resolve("incremental"), PackageCache.defaultDir());

        // Downloads are shared; every step runs again (no step cache).
        Path cache = output.resolve("cold-cache");
        Files.createDirectories(cache);
        Files.createSymbolicLink(cache.resolve("debs"), new PackageCache(PackageCache.defaultDir()).debsDir());
        Thread.sleep(1100);
        ImageBuilder.Result clean = signedBuild(runtime, output.resolve("clean"), cache);

        assertFalse(clean.digest().equals(image.digest()), "the runtime change did not reach the image");
        List<Function<ImageBuilder.Result, Path>> files = List.of(ImageBuilder.Result::image,
                ImageBuilder.Result::xz, ImageBuilder.Result::sha256, ImageBuilder.Result::bmap,
                r -> r.update().orElseThrow());
        for (Function<ImageBuilder.Result, Path> file : files) {
            assertEquals(-1, Files.mismatch(file.apply(incremental), file.apply(clean)),
                    file.apply(clean).getFileName() + " differs between the incremental and the clean build");
        }

        // What a node running the first build lacks of the changed one, piece by piece: the initramfs's base layer
        // comes first and is unchanged, so only the runtime layer's pieces are new, and no boot file's.
        UpdateManifest before = manifest(image.update().orElseThrow());
        UpdateManifest after = manifest(clean.update().orElseThrow());
        Set<String> had = new HashSet<>();
        before.parts().forEach(part -> had.addAll(part.pieces()));
        long newBytes = 0;
        int newPieces = 0;
        for (UpdateManifest.Part part : after.parts()) {
            for (int i = 0; i < part.pieces().size(); i++) {
                if (!had.contains(part.pieces().get(i))) {
                    assertEquals(UpdateManifest.Role.SYSTEM, part.role(), part.name() + " changed with the runtime");
                    newPieces++;
                    newBytes += Math.min(after.pieceSize(), part.size() - (long) i * after.pieceSize());
                }
            }
        }
        int pieces = after.parts().stream().mapToInt(p -> p.pieces().size()).sum();
        assertTrue(newPieces > 0 && newPieces < after.system().pieces().size(),
                newPieces + " new pieces of the system's " + after.system().pieces().size());
        System.out.printf("update bundle after a runtime-only change: %d of %d pieces new, %.1f of %.1f MiB%n",
                newPieces, pieces, newBytes / 1048576.0, after.bytes() / 1048576.0);
    }

    private static UpdateManifest manifest(Path bundle) throws Exception {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle))) {
            return UpdateBundle.open(in, List.of(RELEASE_KEY.publicKey())).manifest();
        }
    }

    /**
     * A build whose inputs did not change writes nothing (the files keep their times); once the image was
     * written to (as a QEMU boot may), the next build writes it again, to the same bytes.
     */
    @Test
    void aRebuildWithNothingChangedKeepsItsFilesUntilOneIsWrittenTo() throws Exception {
        Path out = output.resolve("again");
        ImageBuilder.Result first = signedBuild(RUNTIME, out, PackageCache.defaultDir());
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(first.xz());

        ImageBuilder.Result second = signedBuild(RUNTIME, out, PackageCache.defaultDir());
        assertEquals(first.digest(), second.digest());
        assertEquals(written, Files.getLastModifiedTime(second.xz()), "an unchanged build rewrote the .img.xz");
        assertArrayEquals(first.system().bytes(), second.system().bytes());

        try (var disk = java.nio.channels.FileChannel.open(first.image(), java.nio.file.StandardOpenOption.WRITE)) {
            disk.write(java.nio.ByteBuffer.wrap(new byte[] {1}), DiskImageStep.IMAGE_BYTES - 1);
        }
        ImageBuilder.Result third = signedBuild(RUNTIME, out, PackageCache.defaultDir());
        assertEquals(first.digest(), sha256(Files.newInputStream(third.image())));
    }

    /**
     * A stamped copy of the image (a node name and a tunnel key pair set, as {@code lowernet stamp} does it) boots
     * on QEMU virt: the runtime takes that name, and the key on the card is the node's (the public key the stamp
     * printed), never shown on the console. One boot shows it all, the image booting and the stamp reaching the
     * runtime; the unstamped image boots on raspi3b below and on virt in the data-partition tests.
     */
    @Test
    void aStampedCopyBootsOnQemuVirtWithItsNodeNameAndTunnelKey() throws Exception {
        Path node = output.resolve("stamped-node-7.img");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = StampCommand.run(List.of(image.image().toString(), "--out", node.toString(),
                "--set", "node.name=stamped-node-7", "--tunnel-keys"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        Matcher stamped = STAMPED_KEY.matcher(out.toString(StandardCharsets.UTF_8));
        assertTrue(stamped.find(), out.toString(StandardCharsets.UTF_8));
        WgPrivateKey cardKey = WgPrivateKey.parse(new String(cardFile(node, "tunnel.key"), StandardCharsets.US_ASCII));
        assertEquals(cardKey.publicKey().base64(), stamped.group(1));

        List<String> console = boot(node, QemuMachine.VIRT, Duration.ofSeconds(120),
                Files.createTempDirectory(output, "virt"));
        String all = String.join("\n", console);
        assertTrue(console.contains("board: linux,dummy-virt"), all);
        assertTrue(console.contains("lowernet.conf: found at /boot/lowernet.conf"), all);
        assertTrue(console.contains("node name: stamped-node-7"), all);
        assertTrue(console.contains("update: release keys trusted: " + RELEASE_KEY.publicKey().fingerprint()
                + " (built into the image)"), all);
        assertTrue(console.stream().anyMatch(l -> l.contains("tunnel public key: " + stamped.group(1))), all);
        assertFalse(all.contains(cardKey.base64().substring(0, 20)), "a piece of the private key on the console");
    }

    private static byte[] cardFile(Path image, String name) throws IOException {
        BootImage boot = BootImage.read(image);
        try (FileChannel channel = FileChannel.open(image)) {
            return new FatReader(channel, boot.partitionOffset()).read(name);
        }
    }

    /**
     * The image boots on an emulated Pi 3 from its SD card and drives the BCM2835 GPIO through Pi4J's gpiod
     * provider: the runtime reads the LED lines back from the kernel (debugfs) after each state change and logs
     * what it found. QEMU raspi3b has no network interface, so the router is booting with no uplink: status and
     * uplink blink (both start lit), mesh stays dark.
     */
    @Test
    void bootsOnQemuRaspi3bFromTheSdCardAndHoldsTheLedPatterns() throws Exception {
        List<String> console = boot(QemuMachine.RASPI3B, Duration.ofSeconds(300));
        String all = String.join("\n", console);
        assertTrue(console.contains("board: Raspberry Pi 3 Model B"), all);
        assertTrue(console.contains("lowernet.conf: found at /boot/lowernet.conf"), all);
        assertTrue(console.stream().anyMatch(l -> l.contains("/dev/mmcblk0p1 mounted read-only at /boot")), all);
        assertTrue(console.contains("leds: driving status GPIO 17, uplink GPIO 27, mesh GPIO 22 through"
                + " gpiod-digital-output"), all);
        // Each pattern starts lit: right after a change, a blinking LED's line is high.
        assertReadBack(console, "booting (status=slow blink, uplink=off, mesh=off)", "gpio17=hi gpio22=lo gpio27=lo");
        assertReadBack(console, "booting (status=slow blink, uplink=slow blink, mesh=off)",
                "gpio17=(hi|lo) gpio22=lo gpio27=hi");
    }

    /** The LED state was logged, and the kernel's levels read back for it match {@code levels} (a regex). */
    private static void assertReadBack(List<String> console, String view, String levels) {
        String all = String.join("\n", console);
        assertTrue(console.contains("leds: " + view), "no line 'leds: " + view + "' in\n" + all);
        String prefix = "leds: read back for " + view + ": ";
        String line = console.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + prefix + "' in\n" + all));
        assertTrue(line.substring(prefix.length()).matches(levels), line + " should match " + levels);
    }

    private static List<String> boot(QemuMachine machine, Duration timeout) throws Exception {
        return boot(image.image(), machine, timeout, Files.createTempDirectory(output, machine.qemuName()));
    }

    /**
     * Boots an image as qemu-boot does, with extra QEMU arguments; returns the console lines up to the ready
     * line, log lines without their time stamp.
     */
    static List<String> boot(Path image, QemuMachine machine, Duration timeout, Path work, String... qemuArguments)
            throws Exception {
        HostTools.require("qemu-system-aarch64");
        ImageBootFiles files = ImageBootFiles.extract(image, machine, work);
        BootSpec.Builder spec = BootSpec.builder(machine).image(image).kernel(files.kernel())
                .initrd(files.initrd()).kernelArguments(files.kernelArguments()).qemuArguments(qemuArguments);
        files.dtb().ifPresent(spec::dtb);
        List<String> lines = new CopyOnWriteArrayList<>();
        try (QemuBoot guest = QemuBoot.start(spec.build(), line -> {
            System.out.println(machine.qemuName() + "| " + line);
            lines.add(line.replaceFirst("^\\S+ \\S+ (INFO|WARN|ERROR): ", ""));
        })) {
            guest.awaitReady(timeout);
        }
        return List.copyOf(lines);
    }

    static String sha256(InputStream in) throws IOException {
        try (in) {
            return Sha256.of(in);
        }
    }
}
