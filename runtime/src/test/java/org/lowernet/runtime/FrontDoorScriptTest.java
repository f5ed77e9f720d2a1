package org.lowernet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.cli.FrontDoor;

/**
 * scripts/lowernet itself, run from a copy of the checkout that has the scripts, the root pom and the help
 * files but no Maven wrapper and no sources: anything that tried to build would fail there.
 */
class FrontDoorScriptTest {

    private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    /** Every command and the module whose help/ folder holds its text. */
    private static final Map<String, String> COMMANDS = Map.ofEntries(Map.entry("build", "image"),
            Map.entry("stamp", "image"), Map.entry("flash", "image"), Map.entry("boot", "image"),
            Map.entry("keygen", "image"), Map.entry("verify-update", "image"), Map.entry("run", "runtime"),
            Map.entry("check-config", "runtime"), Map.entry("watch", "runtime"), Map.entry("boots", "runtime"),
            Map.entry("tunnel-key", "runtime"), Map.entry("install-update", "runtime"),
            Map.entry("update-status", "runtime"), Map.entry("update", "image"));
    /** The aliases the README and the tests use, and the command each stands for. */
    private static final Map<String, String> ALIASES = Map.of("build", "build", "flash-sd", "flash", "qemu-boot", "boot");

    @TempDir
    static Path copy;

    private record Outcome(int code, String out, String err) {
    }

    @BeforeAll
    static void copyTheCheckoutWithoutMaven() throws IOException {
        try (Stream<Path> scripts = Files.walk(CHECKOUT.resolve("scripts"))) {
            for (Path from : scripts.toList()) {
                Path to = copy.resolve(CHECKOUT.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.copy(CHECKOUT.resolve("pom.xml"), copy.resolve("pom.xml"));
        for (String module : List.of("image", "runtime")) {
            Path help = Files.createDirectories(copy.resolve(module + "/src/main/resources/help"));
            try (Stream<Path> texts = Files.list(CHECKOUT.resolve(module + "/src/main/resources/help"))) {
                for (Path text : texts.toList()) {
                    Files.copy(text, help.resolve(text.getFileName().toString()));
                }
            }
        }
        assertFalse(Files.exists(copy.resolve("mvnw")), "the copy must not be able to build");
    }

    private static Outcome run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(copy.resolve("scripts/" + script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(copy.toFile());
        builder.environment().remove(FrontDoor.VERBOSE);
        Path out = Files.createTempFile(copy, "out", ".txt");
        Path err = Files.createTempFile(copy, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "scripts/" + script + " " + String.join(" ", args) + " hung");
        return new Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String helpFile(String command) throws IOException {
        return Files.readString(CHECKOUT.resolve(COMMANDS.get(command) + "/src/main/resources/help/" + command + ".txt"),
                StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommandAndTheRuntimesOwnLines() throws Exception {
        Outcome help = run("lowernet", "help");
        assertEquals(0, help.code(), help.err());
        for (String command : COMMANDS.keySet()) {
            assertTrue(help.out().contains("\n       lowernet " + command + " "), command + " missing from:\n" + help.out());
        }
        assertTrue(help.out().contains("\n       lowernet --version "), help.out());
        // The device's `lowernet help` says the same about the runtime's commands.
        for (String line : Main.usage().lines().toList()) {
            assertTrue(help.out().contains(line.substring(line.indexOf("lowernet "))),
                    line + " missing from:\n" + help.out());
        }
    }

    @Test
    void everyCommandsHelpIsItsHelpFileAndBuildsNothing() throws Exception {
        for (String command : COMMANDS.keySet()) {
            for (List<String> args : List.of(List.of(command, "--help"), List.of(command, "x", "-h", "--verbose"))) {
                Outcome help = run("lowernet", args.toArray(String[]::new));
                assertEquals(new Outcome(0, helpFile(command), ""), help, String.join(" ", args));
                assertTrue(help.out().startsWith("usage: lowernet " + command), help.out());
            }
        }
        for (Map.Entry<String, String> alias : ALIASES.entrySet()) {
            assertEquals(new Outcome(0, helpFile(alias.getValue()), ""), run(alias.getKey(), "--help"), alias.getKey());
        }
    }

    @Test
    void theRuntimesHelpOnTheClassPathIsTheFileTheScriptPrints() throws IOException {
        // The runtime's resources are filtered by Maven: a ${...} in a help text would differ here.
        for (String command : List.of("run", "check-config", "watch")) {
            assertEquals(helpFile(command), FrontDoor.help(command), command);
        }
    }

    @Test
    void anUnknownOrMissingCommandExitsTwoWithTheList() throws Exception {
        String list = run("lowernet", "help").out();
        assertEquals(new Outcome(2, "", "lowernet: unknown command 'chek-config'\n" + list),
                run("lowernet", "chek-config", "x"));
        assertEquals(new Outcome(2, "", "lowernet: no command given\n" + list), run("lowernet"));
    }

    @Test
    void versionIsTheRuntimes() throws Exception {
        assertEquals(new Outcome(0, "lowernet " + Main.version() + "\n", ""), run("lowernet", "--version"));
    }
}
