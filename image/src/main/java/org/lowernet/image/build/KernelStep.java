package org.lowernet.image.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lowernet.image.deb.DebArchive;
import org.lowernet.image.kernel.GzipKernel;
import org.lowernet.image.kernel.KernelFiles;
import org.lowernet.image.kernel.ModuleSelection;
import org.lowernet.image.kernel.ModuleTree;
import org.lowernet.image.kernel.SelectedModules;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * Takes the kernel image (gzip'd for the boot partition), the boards' DTBs and the needed modules (with their
 * dependencies) from Debian's kernel package.
 */
final class KernelStep {

    /** The kernel's parts as this step hands them on; {@code vmlinuz} is the gzip'd Image. */
    record KernelPart(String version, Content vmlinuz, Map<String, Content> dtbs, FileTree modules) {
    }

    // In the cached tree: the kernel image and DTBs beside the module tree.
    private static final String CACHED_KERNEL = "boot/vmlinuz";
    private static final String CACHED_DTBS = "boot/dtbs/";

    private final Path kernelDeb;
    private final String kernelDebSha256;
    private final List<String> modules;
    private final List<String> dtbs;
    private final StepCache cache;

    KernelStep(Path kernelDeb, String kernelDebSha256, List<String> modules, List<String> dtbs, StepCache cache) {
        this.kernelDeb = kernelDeb;
        this.kernelDebSha256 = kernelDebSha256;
        this.modules = List.copyOf(modules);
        this.dtbs = List.copyOf(dtbs);
        this.cache = cache;
    }

    Progress.Done<KernelPart> run() throws IOException {
        List<String> inputs = new ArrayList<>(List.of("kernel", kernelDebSha256, "gzip", "modules"));
        inputs.addAll(modules);
        inputs.add("dtbs");
        inputs.addAll(dtbs);
        String key = StepCache.key(inputs);
        var cached = cache.get("kernel", key);
        if (cached.isPresent()) {
            KernelPart part = split(cached.get());
            return Progress.Done.fromCache(part, summary(part));
        }
        FileTree tree = select();
        cache.put("kernel", key, tree);
        KernelPart part = split(tree);
        return Progress.Done.made(part, summary(part));
    }

    private FileTree select() throws IOException {
        FileTree kernelPackage = new FileTree();
        DebArchive.extract(kernelDeb, path -> path.startsWith("boot/vmlinuz-") || path.startsWith("usr/lib/modules/")
                || (path.startsWith("usr/lib/linux-image-") && path.endsWith(".dtb")), kernelPackage);
        KernelFiles files = KernelFiles.select(kernelPackage, dtbs);
        SelectedModules selected = new ModuleSelection(ModuleTree.of(kernelPackage)).select(modules);
        FileTree out = new FileTree();
        selected.writeTo(out, kernelPackage);
        out.file(CACHED_KERNEL, 0644, GzipKernel.of(files.vmlinuz()));
        files.dtbs().forEach((name, content) -> out.file(CACHED_DTBS + name, 0644, content));
        return out;
    }

    private static KernelPart split(FileTree tree) {
        Content vmlinuz = ((Node.RegularFile) tree.get(CACHED_KERNEL).orElseThrow()).content();
        Map<String, Content> dtbs = new TreeMap<>();
        tree.subtree(CACHED_DTBS).entries().forEach((name, node) -> dtbs.put(name, ((Node.RegularFile) node).content()));
        FileTree modules = new FileTree().putAll("", tree);
        modules.remove("boot");
        String version = modules.subtree("usr/lib/modules").entries().firstKey().split("/")[0];
        return new KernelPart(version, vmlinuz, dtbs, modules);
    }

    private static String summary(KernelPart part) throws IOException {
        long moduleCount = part.modules().entries().keySet().stream().filter(p -> p.endsWith(".ko")).count();
        return "Linux " + part.version() + ": kernel " + Progress.mib(part.vmlinuz().size()) + " gzip'd ("
                + Progress.mib(GzipKernel.unpackedSize(part.vmlinuz())) + " unpacked), "
                + part.dtbs().size() + " DTBs, " + moduleCount + " modules (" + Progress.mib(part.modules().contentBytes()) + ")";
    }
}
