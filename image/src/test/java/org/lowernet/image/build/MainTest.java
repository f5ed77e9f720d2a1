package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    /** The build reads every board.conf key before it fetches anything: a bad LED pin stops it with file and line. */
    @Test
    void aBoardWithABadLedPinFailsTheBuildNamingFileAndLine(@TempDir Path dir) throws IOException {
        Path project = ProjectCopy.of(ImageIT.PROJECT, dir.resolve("project"));
        Path runtime = dir.resolve("runtime");
        Files.createDirectories(runtime.resolve("lib"));
        Files.createDirectories(runtime.resolve("bin"));
        Files.writeString(runtime.resolve("bin/lowernet"), "#!/bin/sh\n");
        Path conf = project.resolve("board/rpi4/board.conf");
        List<String> lines = Files.readAllLines(conf);
        int line = lines.indexOf("leds.status = 17") + 1;
        Files.writeString(conf, Files.readString(conf).replace("leds.status = 17", "leds.status = 15"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[] {"--project", project.toString(), "--runtime", runtime.toString(),
                "--output", dir.resolve("out").toString(), "--cache", dir.resolve("cache").toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, code, message);
        assertTrue(line > 0 && message.startsWith("build failed: " + conf + ":" + line + ": leds.status = 15: expected"
                + " a BCM GPIO number of the 40-pin header"), message);
        assertTrue(message.endsWith("found 15, the UART's RXD (header pin 10), which carries the serial console"),
                message);
        assertTrue(Files.notExists(dir.resolve("cache")), "nothing fetched");
    }
}
