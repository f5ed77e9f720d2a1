package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.deb.DebBuilder;
import org.lowernet.image.debian.Lockfile;
import org.lowernet.image.debian.PackageCache;
import org.lowernet.image.debian.PinnedPackage;
import org.lowernet.image.jre.JreBudget;
import org.lowernet.image.jre.JreException;
import org.lowernet.image.jre.JreLinker;
import org.lowernet.image.jre.TestJmods;
import org.lowernet.image.tree.FileTree;
import org.lowernet.runtime.Requires;

/**
 * The JRE step: a failure leaves the work folder and the step cache as they were. The tests over the
 * locked Debian JDK run when it is in the package cache ({@code scripts/test} fetches it first).
 */
class JreStepTest {

    private static final List<String> MODULES = List.of("java.base", "java.logging", "java.management",
            "jdk.unsupported");

    @TempDir
    Path dir;

    @Test
    void aJdkPackageOfAnotherFeatureVersionStopsTheStepAndLeavesNoWork() throws Exception {
        Path deb = dir.resolve("openjdk-26-jdk-headless.deb");
        Files.write(deb, new DebBuilder()
                .file("./usr/lib/jvm/java-26-openjdk-arm64/jmods/java.base.jmod", 0644,
                        TestJmods.fakeJavaBase("26.0.1", "linux-aarch64"))
                .build("openjdk-26-jdk-headless", "26.0.1+1-1"));

        JreException e = assertThrows(JreException.class, () -> step(deb, JreBudget.DEFAULT).run());

        assertTrue(e.getMessage().contains("must have the same feature version"), e.getMessage());
        assertNothingLeft();
        assertFalse(cachedJre());
    }

    @Test
    void theLockedJdkLinksWithinTheDefaultBudgetWithoutDebugFiles() throws Exception {
        Path deb = lockedJdk();

        var done = step(deb, JreBudget.DEFAULT).run();

        FileTree jre = done.value();
        assertTrue(jre.contains("lib/server/libjvm.so"));
        assertEquals(List.of(), jre.entries().keySet().stream().filter(p -> p.endsWith(".debuginfo")).toList());
        assertTrue(done.summary().startsWith("JRE 25."), done.summary());
        assertTrue(done.summary().endsWith("(budget 60.0 MiB)"), done.summary());
        assertNothingLeft();
        assertTrue(cachedJre());
    }

    @Test
    void aJreOverBudgetStopsTheStepNamingTheLargestFilesAndLeavesNothing() throws Exception {
        Path deb = lockedJdk();

        JreException e = assertThrows(JreException.class, () -> step(deb, new JreBudget(5L << 20)).run());

        assertTrue(e.getMessage().contains("over its budget of 5.0 MiB; largest files: lib/server/libjvm.so "),
                e.getMessage());
        String largest = e.getMessage().replaceFirst(".*largest files: ", "").replaceFirst("\\. If .*", "");
        assertEquals(5, largest.split(", ").length, e.getMessage());
        assertNothingLeft();
        assertFalse(cachedJre(), "a JRE over budget was cached");
    }

    private JreStep step(Path deb, JreBudget budget) {
        return new JreStep(deb, "sha-of-" + deb.getFileName() + budget.bytes(), MODULES, JreLinker.currentJdk(),
                budget, new StepCache(dir.resolve("cache")), dir.resolve("work"));
    }

    private void assertNothingLeft() throws IOException {
        if (Files.isDirectory(dir.resolve("work"))) {
            try (var left = Files.list(dir.resolve("work"))) {
                assertEquals(List.of(), left.toList(), "left in the work folder");
            }
        }
    }

    private boolean cachedJre() throws IOException {
        if (!Files.isDirectory(dir.resolve("cache/steps"))) {
            return false;
        }
        try (var entries = Files.list(dir.resolve("cache/steps"))) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith("jre"));
        }
    }

    /** The locked Debian JDK package from the user's package cache: skipped without it, failed under CI. */
    private static Path lockedJdk() throws IOException {
        Lockfile lock = Lockfile.read(ImageIT.PROJECT.resolve("image/debian.lock"));
        PinnedPackage jdk = lock.part("openjdk-25-jdk-headless");
        Path deb = new PackageCache(PackageCache.defaultDir()).pathOf(jdk);
        Requires.that(Files.isRegularFile(deb), "the locked JDK is not in the package cache: run scripts/build --fetch-only");
        return deb;
    }
}
