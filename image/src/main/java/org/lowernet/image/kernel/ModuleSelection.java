package org.lowernet.image.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lowernet.image.kernel.ModuleTree.Module;

/**
 * The dependency closure of the requested modules: every module reached through {@code depends=}
 * and softdep "pre:" lists, each read from {@code .modinfo} once. Requested names that are built into
 * the kernel need nothing and are recorded as such.
 */
public final class ModuleSelection {

    private final ModuleTree kernel;

    public ModuleSelection(ModuleTree kernel) {
        this.kernel = kernel;
    }

    /**
     * Resolves {@code requested} (module names, '-' or '_'); an unknown name fails with the closest
     * known names, and so does a {@code depends=} on a module the kernel does not ship.
     */
    public SelectedModules select(Collection<String> requested) {
        Map<String, Module> reached = new TreeMap<>();
        Set<String> builtin = new TreeSet<>();
        Set<String> skippedSoftdeps = new TreeSet<>();
        Deque<String> pending = new ArrayDeque<>();
        List<String> unknown = new ArrayList<>();
        for (String name : requested) {
            String normal = ModInfo.moduleName(name);
            if (kernel.isModule(normal)) {
                pending.add(normal);
            } else if (kernel.isBuiltin(normal)) {
                builtin.add(normal);
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(unknownMessage(unknown));
        }
        while (!pending.isEmpty()) {
            String name = pending.poll();
            if (reached.containsKey(name)) {
                continue; // diamonds and cycles: each module is read once
            }
            Module module = kernel.load(name);
            reached.put(name, module);
            for (String dep : module.info().depends()) {
                if (!kernel.isModule(dep)) {
                    throw new IllegalStateException("kernel " + kernel.version() + ": module " + module.path()
                            + " depends on " + dep + ", which the package does not ship as a module;"
                            + " the kernel package is inconsistent, fetch it again");
                }
                pending.add(dep);
            }
            for (String soft : module.info().softdepPre()) {
                if (kernel.isModule(soft)) {
                    pending.add(soft);
                } else if (!kernel.isBuiltin(soft)) {
                    skippedSoftdeps.add(name + " -> " + soft); // soft: optional, often a crypto alias
                }
            }
        }
        return new SelectedModules(kernel.version(), List.copyOf(reached.values()), builtin, skippedSoftdeps);
    }

    private String unknownMessage(List<String> unknown) {
        StringBuilder message = new StringBuilder("selecting kernel modules for " + kernel.version() + ":");
        for (String name : unknown) {
            message.append(" no module named '").append(name).append("' (did you mean ")
                    .append(String.join(" or ", kernel.closest(name).stream().map(n -> "'" + n + "'").toList()))
                    .append("?);");
        }
        return message.append(" module names are the file names under ")
                .append(ModuleTree.moduleDirectory(kernel.version()))
                .append("kernel without .ko.xz, and must not be built-in (modules.builtin); fix the board's module list")
                .toString();
    }
}
