package org.lowernet.runtime.crash;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The crash-loop rule: after {@value #CRASHES} crashes within {@link #WINDOW} the next start runs in safe mode.
 *
 * <p>Why 5 within 10 minutes: a start takes 20–60 s, so 5 failures at start are counted within 2–5 minutes, and
 * a runtime that fails a minute or two into every start (when the broker answers, when the WAN lease comes)
 * still adds up to 5 within 10. A runtime that crashes once a day from a rare bug is not in a loop: init's
 * restart is the right cure, and it keeps its config. Crashes older than the window are forgotten.
 *
 * <p>Crashes before a reboot count (the copy on /data): a runtime that dies after opening the watchdog may
 * reset the board before init restarts it, and a loop of such resets must still end in safe mode. A start that
 * was still running at the reboot is not counted: a power cut looks the same, and the boot reason tells them
 * apart. Safe mode lasts for the rest of the boot (until a clean stop); entering it clears the copy on /data,
 * so a reboot — a person who fixed the card — tries the normal config again. The Pi has no clock of its own: a
 * crash recorded later than now (the clock was restored from an older save) counts as now.
 */
public final class CrashLoop {

    public static final int CRASHES = 5;
    public static final Duration WINDOW = Duration.ofMinutes(10);
    /** What the next start knows of a start that ended without recording why. */
    static final String UNCLEAN = "ended without a clean stop or a word (killed, out of memory, or the JVM failed)";

    private CrashLoop() {
    }

    /**
     * What this start does, and why.
     *
     * @param safeMode whether it runs in safe mode
     * @param crashes  the crashes within the window, oldest first
     */
    public record Decision(boolean safeMode, List<Crash> crashes) {

        public Decision {
            crashes = List.copyOf(crashes);
        }

        public Optional<Crash> last() {
            return crashes.isEmpty() ? Optional.empty() : Optional.of(crashes.getLast());
        }

        /** "5 crashes within 10 min, the last: ..." */
        public String describe() {
            return crashes.size() + " crash" + (crashes.size() == 1 ? "" : "es") + " within " + WINDOW.toMinutes()
                    + " min" + last().map(c -> ", the last at " + c.time() + ": " + c.reason()).orElse("");
        }
    }

    /** The decision and the two records to write back: this boot's (/run) and the kept one (/data). */
    record Outcome(Decision decision, CrashRecord boot, CrashRecord kept) {
    }

    /** Decides for a start at {@code now} from this boot's record and the one kept across reboots. */
    static Outcome decide(CrashRecord boot, CrashRecord kept, Instant now) {
        Stream<Crash> unclean = boot.running().stream().map(at -> new Crash(now, UNCLEAN));
        List<Crash> recent = Stream.of(boot.crashes().stream(), kept.crashes().stream(), unclean).flatMap(s -> s)
                .map(c -> c.time().isAfter(now) ? new Crash(now, c.reason()) : c)
                .filter(c -> !c.time().isBefore(now.minus(WINDOW)))
                .distinct().toList();
        boolean safe = boot.safeMode().isPresent() || recent.size() >= CRASHES;
        Optional<Instant> safeSince = safe ? Optional.of(boot.safeMode().orElse(now)) : Optional.empty();
        CrashRecord nextBoot = new CrashRecord(recent, Optional.of(now), safeSince);
        CrashRecord nextKept = new CrashRecord(safe ? List.of() : recent, Optional.empty(), Optional.empty());
        return new Outcome(new Decision(safe, nextBoot.crashes()), nextBoot, nextKept);
    }
}
