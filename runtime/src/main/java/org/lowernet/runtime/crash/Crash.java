package org.lowernet.runtime.crash;

import java.time.Instant;

/**
 * One start of the runtime that ended without a clean stop.
 *
 * @param time   when the crash was seen: by the failing start itself, or by the next start (init restarts at once)
 * @param reason one line: what the failing start said, or that it ended without a word (killed, out of memory)
 */
public record Crash(Instant time, String reason) {

    /** Reasons are kept to one short line: the record is small and each line of it is one fact. */
    static final int REASON_LIMIT = 200;

    public Crash {
        reason = reason.replaceAll("\\s+", " ").strip();
        if (reason.isEmpty()) {
            reason = "no reason given";
        }
        if (reason.length() > REASON_LIMIT) {
            reason = reason.substring(0, REASON_LIMIT - 3) + "...";
        }
    }
}
