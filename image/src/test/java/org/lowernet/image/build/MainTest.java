package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.cli.FrontDoor;
import org.lowernet.runtime.cli.UsageException;

class MainTest {

    @Test
    void argumentsBecomeTheContext() throws UsageException {
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
    void securityAndFallbackMirrorsBecomeTheContext() throws UsageException {
        BuildContext context = Main.parse(new String[] {"--security-mirror", "http://127.0.0.1:8080/debian-security",
                "--fallback-mirror", "http://127.0.0.1:8081/a", "--fallback-mirror", "http://127.0.0.1:8082/b"}, true);

        assertEquals(Optional.of("http://127.0.0.1:8080/debian-security"), context.securityMirror());
        assertEquals(List.of("http://127.0.0.1:8081/a", "http://127.0.0.1:8082/b"), context.fallbackMirrors());
        assertTrue(context.verbose());
    }

    @Test
    void badArgumentsExitWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--board"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8)
                .startsWith("lowernet build: --board needs a value\nusage: lowernet build"));
    }

    @Test
    void aProjectWithoutItsFoldersIsRefusedWithEveryProblem(@TempDir Path empty) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--project", empty.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, code);
        assertTrue(message.startsWith("lowernet build: cannot build: missing folder " + empty.resolve("board")), message);
        assertTrue(message.contains("missing folder " + empty.resolve("overlay")), message);
        assertTrue(message.contains("no runtime distribution at"), message);
        assertTrue(message.contains("no lockfile at"), message);
    }

    @Test
    void aMissingReleaseKeyOrAVersionNoUpdateCanCarryIsRefusedBeforeAnyWork(@TempDir Path empty) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--project", empty.toString(), "--release-key",
                empty.resolve("nowhere.key").toString(), "--version", "dev"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String message = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, code);
        assertTrue(message.contains("no release key at " + empty.resolve("nowhere.key") + " (lowernet keygen makes one)"),
                message);
        assertTrue(message.contains("--release-key signs an update bundle, which needs a version: 'dev' is not a"
                + " version such as 1.2.0 or 1.2.0-rc1 (give --version)"), message);
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
        assertTrue(line > 0 && message.startsWith("lowernet build: " + conf + ":" + line + ": leds.status = 15: expected"
                + " a BCM GPIO number of the 40-pin header"), message);
        assertTrue(message.endsWith("found 15, the UART's RXD (header pin 10), which carries the serial console"),
                message);
        assertTrue(Files.notExists(dir.resolve("cache")), "nothing fetched");
    }

    @Test
    void theHelpTextNamesExactlyTheOptionsAndTheParserTakesEach(@TempDir Path empty) {
        Set<String> inHelp = Pattern.compile("--[a-z][a-z-]*").matcher(FrontDoor.help("build")).results()
                .map(MatchResult::group).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Main.OPTIONS), inHelp);
        for (String option : Main.OPTIONS) {
            List<String> args = new ArrayList<>(List.of(option));
            if (!List.of("--update-lock", "--fetch-only").contains(option)) {
                args.add(option.equals("--project") ? empty.toString() : "x");
            }
            args.addAll(List.of("--project", empty.toString()));
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            // Accepted: the build then fails on the empty project (1), not on the command line (2).
            assertEquals(1, code, option + ": " + err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void anUnknownOptionNamesTheKnownOnes() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--bord", "rpi4"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("lowernet build: unknown argument '--bord';"
                + " the options are --board, --update-lock,"), err.toString(StandardCharsets.UTF_8));
    }
}
