package org.lowernet.image.jre;

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

/**
 * jlink for real, over a module made here with {@code .debuginfo} files; java.base comes from the host's
 * run-time image (JEP 493), so nothing is downloaded.
 */
class JreLinkerTest {

    private static final JreBudget ROOMY = new JreBudget(1L << 30);

    @TempDir
    Path dir;

    @Test
    void nativeDebugFilesAreLeftOut() throws Exception {
        Path jmods = TestJmods.moduleWithDebugInfo(dir.resolve("x"), "x");
        Path jre = dir.resolve("jre");

        new JreLinker(JreLinker.currentJdk(), ROOMY).run(List.of(jmods), List.of("java.base", "x"), jre);

        assertTrue(Files.isRegularFile(jre.resolve("lib/libx.so")), "the library itself is linked");
        assertTrue(Files.isRegularFile(jre.resolve("bin/x")), "the command itself is linked");
        assertFalse(Files.exists(jre.resolve("lib/libx.debuginfo")), "lib/libx.debuginfo was linked");
        assertFalse(Files.exists(jre.resolve("bin/x.debuginfo")), "bin/x.debuginfo was linked");
        try (var files = Files.walk(jre)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".debuginfo")).toList());
        }
        for (String hostTool : List.of("bin/keytool", "lib/jexec", "lib/jrt-fs.jar")) {
            assertFalse(Files.exists(jre.resolve(hostTool)), hostTool + " was linked");
        }
    }

    @Test
    void aJreOverBudgetFailsNamingTheLargestFilesAndLeavesNothing() throws Exception {
        Path jmods = TestJmods.moduleWithDebugInfo(dir.resolve("x"), "x");
        Path jre = dir.resolve("jre");
        JreLinker linker = new JreLinker(JreLinker.currentJdk(), new JreBudget(1L << 20));

        JreException e = assertThrows(JreException.class,
                () -> linker.run(List.of(jmods), List.of("java.base", "x"), jre));

        assertTrue(e.getMessage().startsWith("the linked JRE is "), e.getMessage());
        assertTrue(e.getMessage().contains("over its budget of 1.0 MiB; largest files: lib/"), e.getMessage());
        assertTrue(e.getMessage().contains("lib/server/libjvm.so "), e.getMessage());
        assertTrue(e.getMessage().contains("lib/modules "), e.getMessage());
        assertFalse(Files.exists(jre), "the JRE over budget was left at " + jre);
    }

    @Test
    void aFailedJlinkLeavesNothing() throws Exception {
        Path jre = dir.resolve("jre");
        JreLinker linker = new JreLinker(JreLinker.currentJdk(), ROOMY);

        JreException e = assertThrows(JreException.class,
                () -> linker.run(List.of(Files.createDirectories(dir.resolve("empty"))), List.of("no.such.module"), jre));

        assertTrue(e.getMessage().startsWith("jlink failed (exit "), e.getMessage());
        assertTrue(e.getMessage().contains("no.such.module"), e.getMessage());
        assertFalse(Files.exists(jre));
    }

    @Test
    void anotherFeatureVersionIsRefusedBeforeJlinkRuns() throws IOException {
        Path jmods = Files.createDirectories(dir.resolve("jmods"));
        Files.write(jmods.resolve("java.base.jmod"), TestJmods.fakeJavaBase("26.0.1", "linux-aarch64"));
        Path jre = dir.resolve("jre");
        int feature = Runtime.version().feature();

        JreException e = assertThrows(JreException.class, () -> new JreLinker(JreLinker.currentJdk(), ROOMY)
                .link(jmods, List.of("java.base"), jre));

        assertTrue(e.getMessage().startsWith("the host JDK cannot link the device's JRE: jlink " + Runtime.version().feature()),
                e.getMessage());
        assertTrue(e.getMessage().contains("java.base 26.0.1 (linux-aarch64, " + jmods + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("(" + feature + ".0 vs 26.0)"), e.getMessage());
        assertFalse(Files.exists(jre));
    }

    @Test
    void theHostVersionComesFromTheJdksReleaseFile(@TempDir Path fakeJdk) throws IOException {
        Files.createDirectories(fakeJdk.resolve("bin"));
        Files.copy(JreLinker.currentJdk().resolve("bin/jlink"), fakeJdk.resolve("bin/jlink"));
        Files.writeString(fakeJdk.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"25.0.3\"\n");

        assertEquals(Runtime.Version.parse("25.0.3"), new JreLinker(fakeJdk, ROOMY).hostVersion());
        assertEquals(Runtime.version().feature(), new JreLinker(JreLinker.currentJdk(), ROOMY).hostVersion().feature());
    }

    @Test
    void aJdkWithoutJlinkIsRefused() {
        JreException e = assertThrows(JreException.class, () -> new JreLinker(dir, ROOMY));
        assertTrue(e.getMessage().startsWith("no jlink at " + dir.resolve("bin/jlink")), e.getMessage());
    }
}
