package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @Test
    void argumentsBecomeTheContext() {
        BuildContext context = Main.parse(new String[] {"--board", "rpi3", "--board", "rpi4", "--update-lock",
                "--project", "/p", "--cache", "/c", "--mirror", "http://127.0.0.1:8080/debian"});

        assertEquals(List.of("rpi3", "rpi4"), context.boards());
        assertTrue(context.updateLock());
        assertEquals(Path.of("/p/runtime/target/lowernet-runtime"), context.runtime());
        assertEquals(Path.of("/p/image/target"), context.output());
        assertEquals(Path.of("/c"), context.cache());
        assertEquals(Optional.of("http://127.0.0.1:8080/debian"), context.mirror());
        assertEquals(Path.of("/p/image/debian.lock"), context.lockfile());
    }

    @Test
    void badArgumentsExitWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--board"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage error: --board needs a value\nusage: scripts/build"));
    }

    @Test
    void aProjectWithoutItsFoldersIsRefusedWithEveryProblem(@TempDir Path empty) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--project", empty.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, code);
        assertTrue(message.startsWith("build failed: cannot build: missing folder " + empty.resolve("board")), message);
        assertTrue(message.contains("missing folder " + empty.resolve("overlay")), message);
        assertTrue(message.contains("no runtime distribution at"), message);
        assertTrue(message.contains("no lockfile at"), message);
    }
}
