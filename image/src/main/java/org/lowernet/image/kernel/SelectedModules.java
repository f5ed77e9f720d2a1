package org.lowernet.image.kernel;

import java.util.List;
import java.util.Set;
import org.lowernet.image.kernel.ModuleTree.Module;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * The outcome of a {@link ModuleSelection}: modules in name order, the requested names that are
 * built in, and softdeps that were skipped because no module of that name exists (often aliases).
 */
public record SelectedModules(String version, List<Module> modules, Set<String> builtinRequested,
        Set<String> skippedSoftdeps) {

    /**
     * Files kept from the package as they are: modules.builtin lets modprobe skip built-in names quietly.
     * Busybox reads neither modules.order (177 KB for 6.12) nor modules.builtin.modinfo (111 KB): left out.
     */
    static final List<String> KEPT_FILES = List.of(ModuleTree.BUILTIN);
    private static final int FILE_MODE = 0644;

    public SelectedModules {
        modules = List.copyOf(modules);
        builtinRequested = Set.copyOf(builtinRequested);
        skippedSoftdeps = Set.copyOf(skippedSoftdeps);
    }

    /** Sum of the decompressed module sizes. */
    public long decompressedBytes() {
        return modules.stream().mapToLong(m -> m.ko().length).sum();
    }

    /**
     * Writes the decompressed modules, modules.dep and modules.alias under
     * {@code usr/lib/modules/<ver>/} of {@code into}, and copies the package's {@link #KEPT_FILES}
     * from {@code kernelPackage} where present.
     */
    public void writeTo(FileTree into, FileTree kernelPackage) {
        String base = ModuleTree.moduleDirectory(version);
        for (Module module : modules) {
            into.put(base + module.path(), new Node.RegularFile(FILE_MODE, new Content.InMemory(module.ko())));
        }
        into.file(base + "modules.dep", FILE_MODE, Content.of(DepmodFiles.modulesDep(modules)));
        into.file(base + "modules.alias", FILE_MODE, Content.of(DepmodFiles.modulesAlias(modules)));
        for (String name : KEPT_FILES) {
            kernelPackage.get(base + name).ifPresent(node -> into.put(base + name, node));
        }
    }
}
