package org.lowernet.image.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lowernet.image.deb.DebArchive;
import org.lowernet.image.jre.JreBudget;
import org.lowernet.image.jre.JreLinker;
import org.lowernet.image.jre.SymbolStrip;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.HostFolder;
import org.lowernet.image.tree.Node;

/**
 * Links the device's JRE from the JDK package's arm64 jmods with the host's jlink. Whatever happens,
 * the work folder keeps neither the extracted jmods nor a linked JRE.
 */
final class JreStep {

    private static final String JMODS = "/jmods/";

    private final Path jdkDeb;
    private final String jdkDebSha256;
    private final List<String> modules;
    private final Path jdkHome;
    private final JreBudget budget;
    private final StepCache cache;
    private final Path work;

    JreStep(Path jdkDeb, String jdkDebSha256, List<String> modules, Path jdkHome, JreBudget budget,
            StepCache cache, Path work) {
        this.jdkDeb = jdkDeb;
        this.jdkDebSha256 = jdkDebSha256;
        this.modules = List.copyOf(modules);
        this.jdkHome = jdkHome;
        this.budget = budget;
        this.cache = cache;
        this.work = work;
    }

    Progress.Done<FileTree> run() throws IOException, InterruptedException {
        List<String> inputs = new ArrayList<>(List.of("jre", jdkDebSha256, Runtime.version().toString(),
                Long.toString(budget.bytes())));
        inputs.addAll(JreLinker.OPTIONS);
        inputs.add("static symbols stripped");
        inputs.addAll(modules);
        String key = StepCache.key(inputs);
        var cached = cache.get("jre", key);
        if (cached.isPresent()) {
            return Progress.Done.fromCache(cached.get(), summary(cached.get()));
        }
        FileTree jre = link();
        cache.put("jre", key, jre);
        return Progress.Done.made(jre, summary(jre));
    }

    private static byte[] withoutSymbols(String path, byte[] bytes) {
        return SymbolStrip.isElf(bytes) ? SymbolStrip.strip(bytes, "the JRE's " + path) : bytes;
    }

    private FileTree link() throws IOException, InterruptedException {
        Path jmods = work.resolve("jmods");
        Path output = work.resolve("jre");
        try {
            JreLinker.deleteRecursively(jmods);
            JreLinker.deleteRecursively(output);
            extractJmods(jmods);
            new JreLinker(jdkHome, budget).link(jmods, modules, output);
            // Read the linked files into memory so that the work folder can be cleaned.
            FileTree loaded = new FileTree();
            for (var e : HostFolder.read(output).entries().entrySet()) {
                loaded.put(e.getKey(), e.getValue() instanceof Node.RegularFile f
                        ? new Node.RegularFile(f.mode(), Content.of(withoutSymbols(e.getKey(), f.content().bytes())))
                        : e.getValue());
            }
            return loaded;
        } finally {
            JreLinker.deleteRecursively(jmods);
            JreLinker.deleteRecursively(output);
        }
    }

    private void extractJmods(Path jmods) throws IOException {
        FileTree jdk = new FileTree();
        DebArchive.extract(jdkDeb, path -> path.contains(JMODS), jdk);
        Files.createDirectories(jmods);
        for (var entry : jdk.entries().entrySet()) {
            if (entry.getValue() instanceof Node.RegularFile file && entry.getKey().endsWith(".jmod")) {
                String name = entry.getKey().substring(entry.getKey().lastIndexOf('/') + 1);
                try (var in = file.content().open()) {
                    Files.copy(in, jmods.resolve(name));
                }
            }
        }
    }

    /** "JRE 25.0.5 with java.base, …: 41.0 MiB (budget 45.0 MiB)", the version from jlink's release file. */
    private String summary(FileTree jre) throws IOException {
        String version = "";
        if (jre.get("release").orElse(null) instanceof Node.RegularFile release) {
            version = new String(release.content().bytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", "") + " ")
                    .findFirst().orElse("");
        }
        return "JRE " + version + "with " + String.join(", ", modules) + ": " + Progress.mib(jre.contentBytes())
                + " (budget " + Progress.mib(budget.bytes()) + ")";
    }
}
