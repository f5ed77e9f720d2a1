package org.lowernet.runtime.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two files through real starts: begin, crash, vanish, stop cleanly; a damaged file. */
class StartsTest {

    @TempDir
    Path root;

    private Instant now = Instant.parse("2026-12-01T12:00:00Z");

    private Starts starts() {
        Instant at = now;
        now = now.plusSeconds(20);
        return new Starts(root, Clock.fixed(at, ZoneOffset.UTC));
    }

    private CrashRecord file(String name) throws Exception {
        List<String> problems = new ArrayList<>();
        CrashRecord record = CrashRecord.parse(Files.readString(root.resolve(name)), name, problems);
        assertEquals(List.of(), problems);
        return record;
    }

    @Test
    void fiveFailedStartsMakeTheSixthSafeAndACleanStopResetsTheCount() throws Exception {
        Files.createDirectories(root.resolve("data/lowernet"));
        for (int i = 1; i <= CrashLoop.CRASHES; i++) {
            Starts start = starts();
            CrashLoop.Decision decision = start.begin();
            assertFalse(decision.safeMode(), "start " + i);
            assertEquals(i - 1, decision.crashes().size(), "start " + i);
            start.crashed("IllegalStateException: start " + i + "\nfailed");
            start.stoppedCleanly(); // the shutdown hook after System.exit: changes nothing now
        }
        assertEquals(CrashLoop.CRASHES, file(Starts.DATA_FILE).crashes().size(), "kept on /data as they happened");
        Starts safe = starts();
        CrashLoop.Decision decision = safe.begin();
        assertTrue(decision.safeMode());
        assertEquals("IllegalStateException: start 5 failed", decision.last().orElseThrow().reason());
        assertEquals(List.of(), file(Starts.DATA_FILE).crashes(), "entering safe mode clears /data");
        assertTrue(file(Starts.RUN_FILE).safeMode().isPresent());

        safe.stoppedCleanly();
        assertEquals(CrashRecord.EMPTY, file(Starts.RUN_FILE));
        CrashLoop.Decision after = starts().begin();
        assertFalse(after.safeMode());
        assertEquals(List.of(), after.crashes());
    }

    @Test
    void aStartThatVanishedIsCountedByTheNextWithoutTouchingData() throws Exception {
        starts().begin(); // then SIGKILL or -XX:+ExitOnOutOfMemoryError: nothing more is written
        assertEquals(Optional.of(now.minusSeconds(20)), file(Starts.RUN_FILE).running());
        assertFalse(Files.exists(root.resolve(Starts.DATA_FILE)), "no /data folder: nothing written beneath it");
        CrashLoop.Decision decision = starts().begin();
        assertEquals(List.of(new Crash(now.minusSeconds(20), CrashLoop.UNCLEAN)), decision.crashes());
    }

    @Test
    void aDamagedRecordIsSaidAndReadAsEmpty() throws Exception {
        Path run = root.resolve(Starts.RUN_FILE);
        Files.createDirectories(run.getParent());
        Files.writeString(run, "crash 2026-12-01T11:59:00Z fine\ncrash yesterday it broke\n");
        List<String> problems = new ArrayList<>();
        assertEquals(CrashRecord.EMPTY, CrashRecord.parse(Files.readString(run), run.toString(), problems));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().contains("line 2") && problems.getFirst().contains("crash yesterday it broke"),
                problems.getFirst());
        assertEquals(List.of(), starts().begin().crashes());
        // Not UTF-8 at all: also empty, and the file is written anew.
        Files.write(run, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertEquals(List.of(), starts().begin().crashes());
        assertTrue(Files.readString(run, StandardCharsets.UTF_8).contains("running "));
    }

    @Test
    void theRecordReadsBackWhatItWrote() {
        CrashRecord record = new CrashRecord(List.of(new Crash(now, "OutOfMemoryError: Java heap space"),
                new Crash(now.minus(Duration.ofMinutes(1)), "")), Optional.of(now), Optional.of(now));
        List<String> problems = new ArrayList<>();
        CrashRecord read = CrashRecord.parse(record.format(), "test", problems);
        assertEquals(List.of(), problems);
        assertEquals(record, read);
        assertEquals("no reason given", read.crashes().getFirst().reason(), "oldest first");
    }
}
