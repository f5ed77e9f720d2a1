package org.lowernet.image.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.lowernet.image.cpio.GzipCpio;
import org.lowernet.image.deb.DebArchive;
import org.lowernet.image.deb.DebControl;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * Measures extraction and module selection on real Debian trixie arm64 packages. Runs only when
 * LOWERNET_REAL_DEBS names a directory holding linux-image-*-arm64_*.deb and busybox-static_*.deb
 * (downloaded by hand; never committed). Prints its measurements.
 */
@EnabledIfEnvironmentVariable(named = "LOWERNET_REAL_DEBS", matches = ".+")
class RealDebsTest {

    static final List<String> ROUTER_MODULES = List.of("bcm2835", "sdhci-iproc", "mmc_block", "vfat",
            "nls_cp437", "nls_ascii", "nls_utf8", "smsc95xx", "lan78xx", "genet", "virtio_blk", "virtio_net",
            "virtio_pci", "failover", "net_failover", "leds-gpio", "bcm2835_wdt", "i6300esb", "nf_tables",
            "nft_masq", "nft_nat", "nft_ct", "nf_conntrack", "tun", "bridge", "8021q", "dwc2", "xhci_pci",
            "brcmfmac", "batman-adv", "crc32c_generic");

    private static Path find(String glob) throws IOException {
        Path dir = Path.of(System.getenv("LOWERNET_REAL_DEBS"));
        try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, glob)) {
            return found.iterator().next();
        }
    }

    @Test
    void kernelPackageGivesTheRouterModuleSet() throws IOException {
        Path deb = find("linux-image-*-arm64_*.deb");
        FileTree kernel = new FileTree();
        long start = System.nanoTime();
        DebControl control = DebArchive.extract(deb, p -> p.startsWith("boot/vmlinuz-")
                || p.startsWith("usr/lib/modules/") || p.matches("usr/lib/linux-image-[^/]+/broadcom/.*"), kernel);
        long extracted = System.nanoTime();
        ModuleTree modules = ModuleTree.of(kernel);
        SelectedModules selected = new ModuleSelection(modules).select(ROUTER_MODULES);
        long selectedAt = System.nanoTime();
        KernelFiles files = KernelFiles.select(kernel, List.of("bcm2837-rpi-3-b", "bcm2711-rpi-4-b"));
        FileTree root = new FileTree();
        selected.writeTo(root, kernel);
        long cpioBytes = gzipSize(root);

        System.out.printf("%s %s: extracted %d entries, %d MB held, in %d ms; %d module files%n",
                control.packageName(), control.version(), kernel.size(), kernel.contentBytes() >> 20,
                (extracted - start) / 1_000_000, modules.names().size());
        System.out.printf("closure: %d modules, %d bytes decompressed, in %d ms; builtin among requested: %s%n",
                selected.modules().size(), selected.decompressedBytes(), (selectedAt - extracted) / 1_000_000,
                selected.builtinRequested());
        System.out.printf("skipped softdeps: %s%n", selected.skippedSoftdeps());
        System.out.printf("modules tree as gzip cpio: %d bytes; vmlinuz %d bytes; dtbs %s%n", cpioBytes,
                files.vmlinuz().size(), files.dtbs().keySet());
        selected.modules().forEach(m -> System.out.println("  " + m.path() + " " + m.ko().length));
        for (String name : List.of("virtio_pci", "virtio_blk", "mmc_block", "mmc_core", "sdhci", "sdhci_pltfm")) {
            System.out.printf("  %s: module=%s builtin=%s%n", name, modules.isModule(name), modules.isBuiltin(name));
        }
        String dep = new String(((Node.RegularFile) root.get(ModuleTree.moduleDirectory(modules.version())
                + "modules.dep").orElseThrow()).content().bytes());
        dep.lines().filter(l -> l.contains("/bcm2835.ko") || l.contains("sdhci") || l.contains("nft_masq"))
                .forEach(l -> System.out.println("  dep: " + l));

        assertTrue(selected.modules().size() >= ROUTER_MODULES.size() - selected.builtinRequested().size());
        assertEquals(selected.modules().size(), dep.lines().count());
    }

    @Test
    void busyboxPackageExtracts() throws IOException {
        FileTree root = new FileTree();
        DebControl control = DebArchive.extract(find("busybox-static_*.deb"), p -> true, root);

        System.out.printf("%s %s: %d entries%n", control.packageName(), control.version(), root.size());
        assertEquals(0755, root.get("usr/bin/busybox").orElseThrow().mode());
        assertEquals(new Node.Symlink("usr/bin"), root.get("bin").orElseThrow());
    }

    private static long gzipSize(FileTree tree) throws IOException {
        long[] count = {0};
        try (OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        }) {
            GzipCpio.write(tree, 0, sink);
        }
        return count[0];
    }
}
