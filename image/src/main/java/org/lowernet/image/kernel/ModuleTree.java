package org.lowernet.image.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;
import org.lowernet.runtime.config.EditDistance;
import org.tukaani.xz.XZInputStream;

/**
 * The modules a kernel package ships, found by file name under {@code usr/lib/modules/<ver>/kernel};
 * a module's contents are decompressed and parsed only when {@link #load} is asked for it.
 */
public final class ModuleTree {

    static final String MODULES_ROOT = "usr/lib/modules/";
    static final String BUILTIN = "modules.builtin";
    private static final String KERNEL_DIR = "kernel/";
    private static final String XZ = ".xz";

    private final String version;
    private final FileTree tree;
    /** Module name -> path below the version directory, e.g. "kernel/drivers/mmc/host/bcm2835.ko.xz". */
    private final Map<String, String> files;
    private final Set<String> builtin;

    private ModuleTree(String version, FileTree tree, Map<String, String> files, Set<String> builtin) {
        this.version = version;
        this.tree = tree;
        this.files = files;
        this.builtin = builtin;
    }

    /** Indexes the kernel package extracted into {@code tree}. */
    public static ModuleTree of(FileTree tree) {
        String version = KernelFiles.version(tree);
        String base = moduleDirectory(version);
        Map<String, String> files = new TreeMap<>(FileTree.BYTE_ORDER);
        for (String path : tree.subtree(base + KERNEL_DIR).entries().keySet()) {
            if (!path.contains(".ko")) {
                continue;
            }
            String relative = KERNEL_DIR + path;
            String previous = files.put(ModInfo.moduleName(path), relative);
            if (previous != null) {
                throw new IllegalStateException("kernel " + version + " ships two modules named "
                        + ModInfo.moduleName(path) + ": " + previous + " and " + relative
                        + "; lowernet cannot tell which one modprobe would load");
            }
        }
        return new ModuleTree(version, tree, files, readBuiltin(tree, base + BUILTIN));
    }

    public String version() {
        return version;
    }

    /** "usr/lib/modules/6.12.1-arm64/": where the modules and the modules.* files live. */
    public static String moduleDirectory(String version) {
        return MODULES_ROOT + version + "/";
    }

    public boolean isModule(String name) {
        return files.containsKey(ModInfo.moduleName(name));
    }

    /** Compiled into the kernel image (listed in modules.builtin): nothing to load. */
    public boolean isBuiltin(String name) {
        return builtin.contains(ModInfo.moduleName(name));
    }

    public Set<String> names() {
        return java.util.Collections.unmodifiableSet(files.keySet());
    }

    /** Decompresses and parses the module {@code name}, which must exist (see {@link #isModule}). */
    public Module load(String name) {
        String path = files.get(ModInfo.moduleName(name));
        if (path == null) {
            throw new IllegalArgumentException("kernel " + version + " has no module " + name);
        }
        Node node = tree.get(moduleDirectory(version) + path).orElseThrow();
        if (!(node instanceof Node.RegularFile file)) {
            throw new IllegalStateException("module " + path + " is " + node + ", not a regular file");
        }
        byte[] ko = decompress(file.content(), path);
        String koPath = path.endsWith(XZ) ? path.substring(0, path.length() - XZ.length()) : path;
        return new Module(koPath, ko, ModInfo.parse(ko, koPath));
    }

    /** Up to three known module names closest to {@code name}: containing it first, then by edit distance. */
    public List<String> closest(String name) {
        String wanted = ModInfo.moduleName(name);
        Comparator<String> byDistance = Comparator
                .comparing((String n) -> !n.contains(wanted) && !wanted.contains(n))
                .thenComparingInt(n -> EditDistance.between(n, wanted))
                .thenComparing(FileTree.BYTE_ORDER);
        return files.keySet().stream().sorted(byDistance).limit(3).toList();
    }

    private static byte[] decompress(Content content, String path) {
        try (InputStream raw = content.open()) {
            if (path.endsWith(".ko")) {
                return raw.readAllBytes();
            }
            if (path.endsWith(".ko" + XZ)) {
                try (InputStream xz = new XZInputStream(raw)) {
                    return xz.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("decompressing kernel module " + path
                    + " (the kernel package may be corrupt; fetch it again)", e);
        }
        throw new IllegalStateException("kernel module " + path + " uses a compression lowernet cannot read;"
                + " only .ko and .ko.xz (Debian's default) are supported");
    }

    private static Set<String> readBuiltin(FileTree tree, String path) {
        Set<String> names = new TreeSet<>();
        if (tree.get(path).orElse(null) instanceof Node.RegularFile file) {
            try {
                new String(file.content().bytes(), StandardCharsets.UTF_8).lines()
                        .filter(l -> !l.isBlank()).map(ModInfo::moduleName).forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + path, e);
            }
        }
        return names;
    }

    /** One decompressed module: its path below the version directory ("kernel/.../x.ko"). */
    public record Module(String path, byte[] ko, ModInfo info) {
        public String name() {
            return info.name();
        }
    }
}
