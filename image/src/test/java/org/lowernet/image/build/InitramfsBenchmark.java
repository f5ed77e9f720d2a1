package org.lowernet.image.build;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.lowernet.image.HostTools;
import org.lowernet.image.cpio.NewcWriter;
import org.lowernet.image.qemu.BootSpec;
import org.lowernet.image.qemu.ImageBootFiles;
import org.lowernet.image.qemu.QemuCommandLine;
import org.lowernet.image.qemu.QemuMachine;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.HostFolder;
import org.lowernet.image.tree.Node;
import org.lowernet.image.tree.OwnedTree;

/**
 * {@code scripts/benchmark initramfs [ROUNDS]}: the initramfs of the built image, packed and unpacked. Packing
 * (this host): the floor is the root's cpio written to a file and packed by the zstd tool at the same
 * level (what a pipeline of native tools does); beside it gzip -6 of one archive (the step before layers), the system's squashfs, clean and after a
 * runtime-only change with the base cached. Unpacking (QEMU virt, the image's kernel, {@code rdinit=/bin/true}): the kernel log's
 * "Trying to unpack rootfs" to "Freeing initrd memory" for the uncompressed cpio (the floor), gzip -6 and
 * zstd of one archive (the image's system is a squashfs its first stage mounts: scripts/benchmark boot). Rounds alternate, so a noisy host slows all alike. Prints numbers; asserts nothing.
 * Boots QEMU (run it under the QEMU lock) unless {@code -Dlowernet.bench.qemu=false}.
 */
final class InitramfsBenchmark {

    private static final Pattern STAMP = Pattern.compile("^\\[\\s*(\\d+\\.\\d+)\\]");
    private static final long UNPACK_TIMEOUT_S = 300;

    private InitramfsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        Path runtimeFolder = Path.of(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path work = Files.createTempDirectory("lowernet-initramfs-bench");
        ImageBootFiles boot = ImageBootFiles.extract(image, QemuMachine.VIRT, work);
        HostTools.sh(work, "MTOOLS_SKIP_CHECK=1 mcopy -n -i '" + image + "@@" + ImageIT.PARTITION_OFFSET
                + "' ::system-a system-a && unsquashfs -q -n -d root system-a");
        // A device node would be read as a file by HostFolder; the kernel makes /dev/console from the entry.
        Files.delete(work.resolve("root/dev/console"));
        RootTreeStep.RootTree root = layers(HostFolder.read(work.resolve("root")), HostFolder.read(runtimeFolder));
        RootTreeStep.RootTree changed = layers(root.whole(), changedRuntime(root.runtime()));
        Path gzip = work.resolve("gzip.img");
        Map<String, List<Double>> pack = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            Path cache = Files.createTempDirectory(work, "cache");
            time(pack, "floor: cpio | zstd -9 (tool)", () -> nativeZstd(root.whole(), work));
            time(pack, "gzip -6, one archive", () -> gzip(root.whole(), gzip));
            time(pack, "system squashfs, clean", () -> new SystemStep(root, Instant.EPOCH, new StepCache(cache),
                    work.resolve("clean")).run());
            time(pack, "system squashfs, runtime changed", () -> new SystemStep(changed, Instant.EPOCH,
                    new StepCache(cache), work.resolve("changed")).run());
        }
        double floor = median(pack.values().iterator().next());
        pack.forEach((what, seconds) -> System.out.printf(Locale.ROOT, "pack   %-32s %6.2f s  %5.2fx  (%s)%n", what,
                median(seconds), median(seconds) / floor, spread(seconds)));
        Path layered = work.resolve("clean").resolve(BootPartitionStep.SYSTEM_A);
        System.out.printf(Locale.ROOT, "size   root %s uncompressed; gzip -6 %s; system squashfs %s (runtime data %s)%n",
                Progress.mib(root.whole().contentBytes()), Progress.mib(Files.size(gzip)),
                Progress.mib(Files.size(layered)), Progress.mib(Files.size(work.resolve("clean/system-runtime.data"))));

        if (Boolean.parseBoolean(System.getProperty("lowernet.bench.qemu", "true"))) {
            // The system is a squashfs the first stage mounts; the kernel's unpacking is measured on one zstd frame
            // of the same root.
            Path oneFrame = work.resolve("one-frame.zst");
            try (OutputStream out = Files.newOutputStream(oneFrame)) {
                org.lowernet.image.cpio.ZstdCpio.write(root.whole(), 0, out);
            }
            unpacking(boot.kernel(), root.whole(), gzip, oneFrame, work.resolve("root.cpio"), rounds);
        }
        HostTools.sh(work.getParent(), "rm -rf '" + work + "'");
    }

    private static void unpacking(Path kernel, FileTree whole, Path gzip, Path layered, Path cpio, int rounds)
            throws Exception {
        try (OutputStream out = Files.newOutputStream(cpio)) {
            new NewcWriter(0).write(whole, out);
        }
        Map<String, List<Double>> unpack = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            unpack.computeIfAbsent("floor: uncompressed cpio", k -> new ArrayList<>()).add(unpack(kernel, cpio));
            unpack.computeIfAbsent("gzip -6, one archive", k -> new ArrayList<>()).add(unpack(kernel, gzip));
            unpack.computeIfAbsent("zstd -9, one archive", k -> new ArrayList<>()).add(unpack(kernel, layered));
        }
        double unpackFloor = median(unpack.values().iterator().next());
        unpack.forEach((what, seconds) -> System.out.printf(Locale.ROOT, "unpack %-32s %6.2f s  %5.2fx  (%s)%n",
                what, median(seconds), median(seconds) / unpackFloor, spread(seconds)));
    }

    /** The root cut as RootTreeStep cuts it: the runtime folder's files laid over the rest at opt/lowernet. */
    private static RootTreeStep.RootTree layers(FileTree whole, FileTree runtime) {
        FileTree rest = new FileTree();
        whole.entries().forEach((path, node) -> {
            String relative = path.startsWith(RootTreeStep.RUNTIME_HOME + "/")
                    ? path.substring(RootTreeStep.RUNTIME_HOME.length() + 1) : null;
            if (relative == null || !(runtime.get(relative).orElse(null) instanceof Node.RegularFile)) {
                rest.put(path, node);
            }
        });
        OwnedTree owned = new OwnedTree();
        owned.add("the base", rest);
        owned.layOver("the runtime", RootTreeStep.RUNTIME_HOME, runtime);
        OwnedTree.Split split = owned.split("the runtime");
        return new RootTreeStep.RootTree(owned.tree(), split.rest(), split.owned());
    }

    /** The runtime with one more byte in each jar: what a rebuilt runtime looks like to the step. */
    private static FileTree changedRuntime(FileTree runtime) throws IOException {
        FileTree changed = new FileTree();
        for (Map.Entry<String, Node> e : runtime.subtree(RootTreeStep.RUNTIME_HOME).entries().entrySet()) {
            if (e.getValue() instanceof Node.RegularFile f && e.getKey().endsWith(".jar")) {
                byte[] bytes = f.content().bytes();
                byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
                changed.put(e.getKey(), new Node.RegularFile(f.mode(), Content.of(longer)));
            } else {
                changed.put(e.getKey(), e.getValue());
            }
        }
        return changed;
    }

    /** The floor: the same archive through the zstd tool, as a pipeline of native tools packs it. */
    private static void nativeZstd(FileTree tree, Path work) throws Exception {
        try (OutputStream out = Files.newOutputStream(work.resolve("floor.cpio"))) {
            new NewcWriter(0).write(tree, out);
        }
        HostTools.sh(work, "zstd -9 -q -f floor.cpio -o floor.cpio.zst");
    }

    private static void gzip(FileTree tree, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(6);
            }
        }) {
            new NewcWriter(0).write(tree, new java.io.BufferedOutputStream(gz, 1 << 16));
        }
    }

    /** Seconds from "Trying to unpack rootfs" to "Freeing initrd memory" in the kernel's log. */
    private static double unpack(Path kernel, Path initrd) throws IOException, InterruptedException {
        BootSpec spec = BootSpec.builder(QemuMachine.VIRT).kernel(kernel).initrd(initrd)
                .kernelArguments("printk.time=1 ignore_loglevel rdinit=/bin/true").build();
        Process qemu = new ProcessBuilder(QemuCommandLine.of(QemuCommandLine.locate(BootSpec.DEFAULT_QEMU,
                System.getenv("PATH")), spec)).redirectErrorStream(true).start();
        // A kernel that stops talking would block the read below: the timeout ends QEMU, which ends the read.
        CompletableFuture.delayedExecutor(UNPACK_TIMEOUT_S, TimeUnit.SECONDS).execute(qemu::destroyForcibly);
        Double start = null;
        try (BufferedReader console = new BufferedReader(new InputStreamReader(qemu.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = console.readLine()) != null) {
                Matcher stamp = STAMP.matcher(line);
                if (!stamp.find()) {
                    continue;
                }
                if (line.contains("Trying to unpack rootfs")) {
                    start = Double.parseDouble(stamp.group(1));
                } else if (line.contains("Freeing initrd memory") && start != null) {
                    return Double.parseDouble(stamp.group(1)) - start;
                }
            }
        } finally {
            qemu.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        throw new IOException("the kernel never said it unpacked " + initrd + " within " + UNPACK_TIMEOUT_S + " s");
    }

    private interface Work {
        void run() throws Exception;
    }

    private static void time(Map<String, List<Double>> into, String what, Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        into.computeIfAbsent(what, k -> new ArrayList<>()).add((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String spread(List<Double> values) {
        return String.format(Locale.ROOT, "%.2f-%.2f s",
                values.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                values.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }
}
