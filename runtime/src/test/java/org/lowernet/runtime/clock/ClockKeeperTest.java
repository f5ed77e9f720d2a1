package org.lowernet.runtime.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

class ClockKeeperTest {

    static final Instant BOOT_1970 = Instant.parse("1970-01-01T00:00:07Z");
    static final Instant BUILT = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant SAVED = Instant.parse("2026-11-30T22:15:00Z");

    @TempDir
    Path root;

    private Path saved() {
        return root.resolve(ClockKeeper.FILE);
    }

    private void files(Optional<String> saved, Optional<String> built) throws IOException {
        Files.createDirectories(saved().getParent());
        Files.createDirectories(root.resolve(ClockKeeper.BUILD_TIME).getParent());
        if (saved.isPresent()) {
            Files.writeString(saved(), saved.get());
        }
        if (built.isPresent()) {
            Files.writeString(root.resolve(ClockKeeper.BUILD_TIME), built.get());
        }
    }

    @Test
    void aBootIn1970IsSetForwardToTheSavedTimeWhichIsSavedAgainAtOnce() throws Exception {
        files(Optional.of(SAVED + "\n"), Optional.of(BUILT + "\n"));
        TestClock clock = new TestClock(BOOT_1970);
        ClockKeeper keeper = new ClockKeeper(root, clock);
        keeper.start();
        try {
            assertEquals(List.of(SAVED), clock.sets);
            assertEquals(Optional.of(SAVED), TimeFile.read(saved()));
            clock.now = SAVED.plusSeconds(600);
        } finally {
            keeper.stop();
        }
        assertEquals(Optional.of(SAVED.plusSeconds(600)), TimeFile.read(saved()), "saved at stop");
        assertFalse(Files.exists(saved().resolveSibling("clock.new")), "no temporary file is left");
    }

    @Test
    void aClockAlreadyLaterIsNeverMovedBack() throws Exception {
        files(Optional.of(SAVED + "\n"), Optional.of(BUILT + "\n"));
        Instant later = SAVED.plus(Duration.ofDays(2));
        TestClock clock = new TestClock(later);
        ClockKeeper keeper = new ClockKeeper(root, clock);
        keeper.start();
        keeper.stop();
        assertEquals(List.of(), clock.sets);
        assertEquals(Optional.of(later), TimeFile.read(saved()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2026-13-01 garbage|holds '2026-13-01 garbage', not a time such as 2026-12-01T16:47:33Z",
        "''|is empty"})
    void anEmptyOrCorruptSavedClockIsReportedAndIgnoredAndTheBuildTimeIsTheFloor(String content, String said)
            throws Exception {
        files(Optional.of(content), Optional.of(BUILT + "\n"));
        TestClock clock = new TestClock(BOOT_1970);
        ClockKeeper keeper = new ClockKeeper(root, clock);
        keeper.start();
        keeper.stop();
        assertEquals(List.of(BUILT), clock.sets);
        assertEquals(List.of("ignoring the saved clock: " + saved() + " " + said), keeper.restored().orElseThrow().ignored());
        assertEquals(Optional.of(BUILT), TimeFile.read(saved()), "the bad file is replaced by a good one");
    }

    @Test
    void aClockTheKernelRefusesToSetIsNeverSavedBackwards() throws Exception {
        files(Optional.of(SAVED + "\n"), Optional.of(BUILT + "\n"));
        TestClock clock = new TestClock(BOOT_1970);
        clock.refuse = true;
        ClockKeeper keeper = new ClockKeeper(root, clock);
        keeper.start();
        keeper.stop();
        assertEquals(BOOT_1970, clock.now);
        assertEquals(Optional.of(SAVED), TimeFile.read(saved()), "1970 must not overwrite the saved time");
    }

    @Test
    void onceNtpVouchesForTheClockItIsSavedAsItIsEvenEarlier() throws Exception {
        // A node whose clock was once far ahead: NTP's word wins over the floor, or every boot would restore it.
        Instant future = Instant.parse("2031-05-05T05:05:05Z");
        files(Optional.of(future + "\n"), Optional.of(BUILT + "\n"));
        TestClock clock = new TestClock(BOOT_1970);
        ClockKeeper keeper = new ClockKeeper(root, clock);
        keeper.start();
        clock.now = SAVED;
        keeper.save();
        assertEquals(Optional.of(future), TimeFile.read(saved()), "before NTP: never earlier than the floor");
        keeper.trusted();
        assertEquals(Optional.of(SAVED), TimeFile.read(saved()));
        keeper.stop();
    }

    @Test
    void theClockIsSavedEveryInterval() throws Exception {
        files(Optional.empty(), Optional.of(BUILT + "\n"));
        TestClock clock = new TestClock(SAVED);
        ClockKeeper keeper = new ClockKeeper(root, clock, Duration.ofMillis(50));
        keeper.start();
        try {
            Instant later = SAVED.plusSeconds(900);
            clock.now = later;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!TimeFile.read(saved()).equals(Optional.of(later)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(Optional.of(later), TimeFile.read(saved()));
        } finally {
            keeper.stop();
        }
    }

    @Test
    void aSaveThatCannotBeWrittenIsSaidAndTheRouterGoesOn() throws Exception {
        files(Optional.empty(), Optional.empty());
        Files.createDirectories(saved()); // a folder where the file should be
        TestClock clock = new TestClock(SAVED);
        ClockKeeper keeper = new ClockKeeper(root, clock);
        keeper.start();
        assertEquals(Optional.empty(), keeper.save());
        keeper.stop();
        assertTrue(Files.isDirectory(saved()));
    }
}
