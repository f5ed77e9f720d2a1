package org.lowernet.image.kernel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * The files of a Debian kernel package that go onto the boot partition: {@code boot/vmlinuz-<ver>}
 * (on arm64 an uncompressed Image) and the requested Raspberry Pi DTBs from
 * {@code usr/lib/linux-image-<ver>/broadcom/}, keyed by file name ("bcm2711-rpi-4-b.dtb").
 */
public record KernelFiles(String version, Content vmlinuz, SortedMap<String, Content> dtbs) {

    static final String VMLINUZ = "boot/vmlinuz-";
    static final String DTB_DIR = "usr/lib/linux-image-%s/broadcom/";
    static final String DTB_SUFFIX = ".dtb";

    public KernelFiles {
        dtbs = Collections.unmodifiableSortedMap(new TreeMap<>(dtbs));
    }

    /** Picks the kernel and the DTBs named in {@code dtbNames} ("bcm2711-rpi-4-b" or with ".dtb"). */
    public static KernelFiles select(FileTree kernelPackage, Collection<String> dtbNames) {
        String version = version(kernelPackage);
        Content vmlinuz = regularFile(kernelPackage, VMLINUZ + version, version)
                .orElseThrow(() -> new IllegalStateException("kernel package " + version + " has no "
                        + VMLINUZ + version + "; was boot/ excluded when extracting it?"));
        String dir = DTB_DIR.formatted(version);
        SortedMap<String, Content> dtbs = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (String requested : dtbNames) {
            String file = requested.endsWith(DTB_SUFFIX) ? requested : requested + DTB_SUFFIX;
            regularFile(kernelPackage, dir + file, version).ifPresentOrElse(c -> dtbs.put(file, c),
                    () -> missing.add(file));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("kernel " + version + ": no device tree " + missing + " in " + dir
                    + "; it has " + kernelPackage.subtree(dir).entries().keySet()
                    + "; fix the board profile's DTB name");
        }
        return new KernelFiles(version, vmlinuz, dtbs);
    }

    /** The one version directory under usr/lib/modules/ ("6.12.107+deb13-arm64"). */
    public static String version(FileTree kernelPackage) {
        List<String> versions = kernelPackage.subtree(ModuleTree.MODULES_ROOT).entries().keySet().stream()
                .filter(p -> !p.contains("/")).toList();
        if (versions.size() != 1) {
            throw new IllegalStateException("expected exactly one kernel version under "
                    + ModuleTree.MODULES_ROOT + ", found " + versions
                    + "; extract exactly one linux-image package (with its modules) into this tree");
        }
        return versions.getFirst();
    }

    private static java.util.Optional<Content> regularFile(FileTree tree, String path, String version) {
        return tree.get(path).map(node -> {
            if (node instanceof Node.RegularFile file) {
                return file.content();
            }
            throw new IllegalStateException("kernel " + version + ": " + path + " is " + node + ", not a file");
        });
    }
}
