package org.lowernet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The image's JRE carries only the modules in {@code runtime/jre-modules}; jdeps proves they suffice. */
class JreModulesTest {

    private static final List<String> TEST_ONLY = List.of("junit", "opentest4j", "apiguardian", "surefire");

    @Test
    void declaredModulesCoverWhatTheRuntimeAndItsLibrariesUse() throws IOException, InterruptedException {
        List<String> lines = Files.readAllLines(Path.of("jre-modules")).stream()
                .map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
        Set<String> accounted = new TreeSet<>(lines.stream().map(l -> l.replaceFirst("^!", "")).toList());

        List<String> runtimeClasspath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.contains("test-classes"))
                .filter(p -> TEST_ONLY.stream().noneMatch(p::contains))
                .toList();
        assertTrue(runtimeClasspath.stream().anyMatch(p -> p.endsWith("classes")), runtimeClasspath.toString());

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jdeps").toString(),
                "--print-module-deps", "--ignore-missing-deps", "--multi-release", "25"));
        command.addAll(runtimeClasspath);
        Process jdeps = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(jdeps.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(jdeps.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, jdeps.exitValue(), out);

        Set<String> needed = new TreeSet<>(Arrays.asList(out.lines().reduce((a, b) -> b).orElseThrow().split(",")));
        assertTrue(needed.contains("java.base"), out);
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(accounted);
        assertEquals(Set.of(), missing, "modules the runtime uses but runtime/jre-modules neither lists nor excludes");
    }
}
