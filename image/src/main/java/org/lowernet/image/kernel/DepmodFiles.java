package org.lowernet.image.kernel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import org.lowernet.image.kernel.ModuleTree.Module;
import org.lowernet.image.tree.FileTree;

/**
 * The text files depmod(8) would write for a set of modules, in the formats kmod and busybox
 * modprobe read.
 *
 * <p>modules.dep: one line per module, "path: dep1 dep2 ..." with the FULL transitive dependency
 * list (busybox modprobe: "we expect the full dependency list to be specified in modules.dep"). The
 * list is in kmod depmod's order: a topological order in which a module comes before the modules it
 * depends on (depmod_calculate_dependencies: "outputs modules without users first"). Both kmod and
 * busybox load the list from its end, so dependencies load first. depmod breaks ties with a stack;
 * we break them by path, so the output is deterministic; lines are in path order (depmod uses
 * modules.order, which no reader needs).
 *
 * <p>modules.alias: "alias &lt;pattern&gt; &lt;module&gt;" for every alias, modules in name order, each
 * module's aliases in the order of its .modinfo (as depmod writes them).
 */
final class DepmodFiles {

    private DepmodFiles() {
    }

    static String modulesDep(List<Module> modules) {
        Map<String, Module> byName = new HashMap<>();
        modules.forEach(m -> byName.put(m.name(), m));
        Map<String, Integer> order = topologicalOrder(modules, byName);
        StringBuilder out = new StringBuilder();
        List<Module> lines = new ArrayList<>(modules);
        lines.sort(Comparator.comparing(Module::path, FileTree.BYTE_ORDER));
        for (Module module : lines) {
            out.append(module.path()).append(':');
            Set<String> deps = new LinkedHashSet<>();
            collect(module, byName, deps);
            deps.stream().sorted(Comparator.comparing(order::get))
                    .forEach(dep -> out.append(' ').append(byName.get(dep).path()));
            out.append('\n');
        }
        return out.toString();
    }

    static String modulesAlias(List<Module> modules) {
        StringBuilder out = new StringBuilder("# Aliases extracted from modules themselves.\n");
        modules.stream().sorted(Comparator.comparing(Module::name, FileTree.BYTE_ORDER)).forEach(m ->
                m.info().aliases().forEach(a -> out.append("alias ").append(a).append(' ').append(m.name()).append('\n')));
        return out.toString();
    }

    private static void collect(Module module, Map<String, Module> byName, Set<String> into) {
        for (String dep : module.info().depends()) {
            if (into.add(dep)) {
                collect(byName.get(dep), byName, into);
            }
        }
    }

    /** Kahn's algorithm: modules nobody depends on first; ties by path. */
    private static Map<String, Integer> topologicalOrder(List<Module> modules, Map<String, Module> byName) {
        Map<String, Integer> users = new HashMap<>();
        modules.forEach(m -> users.putIfAbsent(m.name(), 0));
        for (Module m : modules) {
            for (String dep : new TreeSet<>(m.info().depends())) {
                if (!byName.containsKey(dep)) {
                    throw new IllegalStateException("writing modules.dep: " + m.path() + " depends on " + dep
                            + ", which is not among the selected modules");
                }
                users.merge(dep, 1, Integer::sum);
            }
        }
        PriorityQueue<Module> roots = new PriorityQueue<>(Comparator.comparing(Module::path, FileTree.BYTE_ORDER));
        modules.stream().filter(m -> users.get(m.name()) == 0).forEach(roots::add);
        Map<String, Integer> order = new HashMap<>();
        while (!roots.isEmpty()) {
            Module next = roots.poll();
            order.put(next.name(), order.size());
            for (String dep : new TreeSet<>(next.info().depends())) {
                if (users.merge(dep, -1, Integer::sum) == 0) {
                    roots.add(byName.get(dep));
                }
            }
        }
        if (order.size() < modules.size()) {
            List<String> cyclic = modules.stream().map(Module::name).filter(n -> !order.containsKey(n)).sorted().toList();
            throw new IllegalStateException("writing modules.dep: modules in a dependency cycle " + cyclic
                    + "; the kernel would refuse to load them (depmod reports the same); drop them from the list");
        }
        return order;
    }
}
