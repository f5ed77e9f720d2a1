package org.lowernet.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Exit codes, help, usage errors and the one-line failure with its whole cause chain. */
class FrontDoorTest {

    private static final String HELP = "usage: lowernet example FILE\n  What the tests of FrontDoor print as help.\n";

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(boolean verbose, List<String> args, FrontDoor.Work work) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new FrontDoor("example", new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), verbose).run(args, work);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Outcome failing(boolean verbose, Exception e) {
        return run(verbose, List.of("x"), () -> {
            throw e;
        });
    }

    @Test
    void theWorksCodeIsTheExitCode() {
        assertEquals(new Outcome(0, "", ""), run(false, List.of(), () -> ExitCode.OK));
        assertEquals(new Outcome(1, "", ""), run(false, List.of(), () -> ExitCode.FAILED));
    }

    @Test
    void helpAnywherePrintsTheHelpFileAndDoesNoWork() {
        AtomicBoolean worked = new AtomicBoolean();
        for (List<String> args : List.of(List.of("--help"), List.of("a.conf", "-h"))) {
            Outcome outcome = run(false, args, () -> {
                worked.set(true);
                return ExitCode.FAILED;
            });
            assertEquals(new Outcome(0, HELP, ""), outcome, args.toString());
        }
        assertFalse(worked.get(), "--help must not run the command");
    }

    @Test
    void aWrongCommandLineExitsTwoWithEveryProblemAndTheHelp() {
        Outcome outcome = run(false, List.of("a", "b"), () -> {
            throw new UsageException(List.of("expected one FILE, found 2: a b", "--colour is not an option"));
        });
        assertEquals(new Outcome(2, "", "lowernet example: expected one FILE, found 2: a b\n"
                + "lowernet example: --colour is not an option\n" + HELP), outcome);
    }

    @Test
    void aFailureIsOneLineWithTheWholeCauseChainAndNoStackTrace() {
        Exception e = new IOException("writing node.img",
                new IllegalStateException("the card is full", new IOException("No space left on device")));
        assertEquals(new Outcome(1, "", "lowernet example: writing node.img: the card is full: No space left on device\n"),
                failing(false, e));
    }

    @Test
    void verboseAddsTheStackTraceAfterTheLine() {
        Outcome outcome = failing(true, new IOException("writing node.img", new IOException("No space left on device")));
        assertEquals(1, outcome.code());
        assertTrue(outcome.err().startsWith("lowernet example: writing node.img: No space left on device\n"
                + "java.io.IOException: writing node.img\n\tat "), outcome.err());
        assertTrue(outcome.err().contains("Caused by: java.io.IOException: No space left on device"), outcome.err());
    }

    @Test
    void aMessageSaidAlreadyOrOnlyRepeatingItsCauseIsLeftOut() {
        IOException root = new IOException("connection refused");
        assertEquals("reading http://deb.example/InRelease: connection refused",
                FrontDoor.summary(new UncheckedIOException("reading http://deb.example/InRelease: connection refused",
                        root)));
        assertEquals("connection refused", FrontDoor.summary(new RuntimeException(new RuntimeException(root))));
    }

    @Test
    void typesSpeakWhereTheMessageCannot() {
        assertEquals("opening the image: /tmp/x.img: no such file",
                FrontDoor.summary(new IOException("opening the image", new NoSuchFileException("/tmp/x.img"))));
        assertEquals("writing /boot/x: permission denied",
                FrontDoor.summary(new UncheckedIOException(new AccessDeniedException("writing /boot/x"))));
        assertEquals("NullPointerException", FrontDoor.summary(new NullPointerException()));
    }

    @Test
    void aQuotedFileNameGetsOnlyItsMeaningAdded() {
        // The usual wrapper: what + ": " + e.getMessage(), which for NoSuchFileException is the bare name.
        assertEquals("reading the boot files of /x.img: /x.img: no such file", FrontDoor.summary(
                new IOException("reading the boot files of /x.img: /x.img", new NoSuchFileException("/x.img"))));
    }

    @Test
    void furtherLinesOfAMessageFollowTheSummary() {
        Exception e = new IllegalStateException("waiting for 'lowernet ready': nothing after 1.0 s\n"
                + "--- last 2 console lines ---\nBooting Linux\nKernel panic");
        assertEquals(new Outcome(1, "", "lowernet example: waiting for 'lowernet ready': nothing after 1.0 s\n"
                + "--- last 2 console lines ---\nBooting Linux\nKernel panic\n"), failing(false, e));
    }

    @Test
    void aRefusalWithoutAnExceptionIsOneLineToo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new FrontDoor("stamp", System.out, new PrintStream(err, true, StandardCharsets.UTF_8), false)
                .failed("refused, nothing written");
        assertEquals(ExitCode.FAILED, code);
        assertEquals("lowernet stamp: refused, nothing written\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aCommandWithoutAHelpFileIsABuildMistakeNamedAsSuch() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FrontDoor.help("no-such-command"));
        assertTrue(e.getMessage().startsWith("no help text /help/no-such-command.txt on the class path"), e.getMessage());
    }

    @Test
    void theExitCodesAreTheDocumentedOnes() {
        assertEquals(List.of(0, 1, 2), List.of(ExitCode.OK, ExitCode.FAILED, ExitCode.USAGE));
    }
}
