package org.lowernet.runtime.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestoreTest {

    static final Instant BOOT_1970 = Instant.parse("1970-01-01T00:00:07Z");
    static final Instant BUILT = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant SAVED = Instant.parse("2026-11-30T22:15:00Z");

    @Test
    void aClockIn1970GoesToTheSavedTimeWhenThatIsLaterThanTheBuild() {
        Restore restore = new Restore(BOOT_1970, Optional.of(SAVED), Optional.of(BUILT), List.of());
        assertEquals(Optional.of(SAVED), restore.target());
        assertEquals("the time saved on /data", restore.source());
    }

    @Test
    void neverEarlierThanTheBuildTimeEvenWhenTheSavedTimeIs() {
        Instant older = Instant.parse("2025-06-01T12:00:00Z"); // a card moved to a newer image
        Restore restore = new Restore(BOOT_1970, Optional.of(older), Optional.of(BUILT), List.of());
        assertEquals(Optional.of(BUILT), restore.target());
        assertEquals("the image's build time", restore.source());
        assertEquals(Optional.of(BUILT), new Restore(BOOT_1970, Optional.empty(), Optional.of(BUILT), List.of()).target());
    }

    @Test
    void neverBackwards() {
        Instant later = SAVED.plusSeconds(3600); // a runtime restarted by init, or an RTC
        assertEquals(Optional.empty(), new Restore(later, Optional.of(SAVED), Optional.of(BUILT), List.of()).target());
        assertEquals(Optional.empty(), new Restore(SAVED, Optional.of(SAVED), Optional.of(BUILT), List.of()).target(),
                "an equal clock is not set");
        assertEquals(Optional.of(SAVED), new Restore(later, Optional.of(SAVED), Optional.of(BUILT), List.of()).floor());
    }

    @Test
    void nothingKnownMovesNothing() {
        Restore restore = new Restore(BOOT_1970, Optional.empty(), Optional.empty(), List.of());
        assertEquals(Optional.empty(), restore.target());
        assertEquals(Optional.empty(), restore.floor());
    }
}
