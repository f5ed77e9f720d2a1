package org.lowernet.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md's package map is the code's: every main package of every module is listed with its module,
 * and nothing else is; each has a package-info.java; no two packages of a module depend on each other in a
 * cycle (references by import or fully qualified name, outside comments).
 */
class ArchitectureTest {

    /** This module is runtime/common: the repository is two levels up. */
    private static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    private static final Map<String, Path> MODULES = Map.of(
            "common", REPO.resolve("runtime/common/src/main/java"),
            "runtime", REPO.resolve("runtime/src/main/java"),
            "image", REPO.resolve("image/src/main/java"));
    private static final Pattern MAP_ROW = Pattern.compile("^\\| `(org\\.lowernet[\\w.]*)` \\| (\\w+) \\|", Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.lowernet(?:\\.[a-z]\\w*)+)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    @Test
    void thePackageMapListsEveryPackageWithItsModule() throws IOException {
        String doc = Files.readString(REPO.resolve("ARCHITECTURE.md"), StandardCharsets.UTF_8);
        Map<String, String> documented = new TreeMap<>();
        Matcher row = MAP_ROW.matcher(doc);
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        Map<String, String> code = new TreeMap<>();
        for (Map.Entry<String, Path> module : MODULES.entrySet()) {
            for (String pkg : packages(module.getValue()).keySet()) {
                code.put(pkg, module.getKey());
            }
        }
        Set<String> differing = new TreeSet<>(code.keySet());
        differing.addAll(documented.keySet());
        differing.removeIf(pkg -> String.valueOf(code.get(pkg)).equals(documented.get(pkg)));
        List<String> wrong = differing.stream().map(pkg -> pkg + ": in the code " + code.getOrDefault(pkg, "absent")
                + ", in ARCHITECTURE.md " + documented.getOrDefault(pkg, "absent")).toList();
        assertEquals(List.of(), wrong, "ARCHITECTURE.md's package map against the code (package: module)");
    }

    @Test
    void everyPackageSaysWhatItDoes() throws IOException {
        List<String> without = new ArrayList<>();
        for (Path root : MODULES.values()) {
            for (Map.Entry<String, Path> pkg : packages(root).entrySet()) {
                if (!Files.exists(pkg.getValue().resolve("package-info.java"))) {
                    without.add(pkg.getKey());
                }
            }
        }
        assertEquals(List.of(), without, "packages without a package-info.java");
    }

    @Test
    void noPackageCyclesWithinAModule() throws IOException {
        for (Map.Entry<String, Path> module : MODULES.entrySet()) {
            Map<String, Set<String>> uses = uses(module.getValue());
            List<List<String>> cycles = cycles(uses);
            assertTrue(cycles.isEmpty(), module.getKey() + ": packages that depend on each other: " + cycles);
        }
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> uses = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertEquals(List.of(List.of("a", "b", "c")), cycles(uses));
    }

    /** Each package with sources below {@code root}, to its folder. */
    private static Map<String, Path> packages(Path root) throws IOException {
        Map<String, Path> packages = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path folder = file.getParent();
                packages.put(root.relativize(folder).toString().replace('/', '.'), folder);
            }
        }
        return packages;
    }

    /** Package to the other lowernet packages its code refers to. */
    private static Map<String, Set<String>> uses(Path root) throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher declared = PACKAGE.matcher(text);
                if (!declared.find()) {
                    continue;
                }
                String pkg = declared.group(1);
                Set<String> targets = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(COMMENT.matcher(text).replaceAll(""));
                while (reference.find()) {
                    if (!reference.group(1).equals(pkg)) {
                        targets.add(reference.group(1));
                    }
                }
            }
        }
        return uses;
    }

    /** The strongly connected groups of more than one package (Tarjan), each sorted. */
    static List<List<String>> cycles(Map<String, Set<String>> uses) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<List<String>> cycles = new ArrayList<>();
        for (String start : new TreeSet<>(uses.keySet())) {
            if (!index.containsKey(start)) {
                connect(start, uses, index, low, stack, cycles);
            }
        }
        return cycles;
    }

    private static void connect(String v, Map<String, Set<String>> uses, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, List<List<String>> cycles) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : uses.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, uses, index, low, stack, cycles);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            TreeSet<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) {
                cycles.add(List.copyOf(group));
            }
        }
    }
}
