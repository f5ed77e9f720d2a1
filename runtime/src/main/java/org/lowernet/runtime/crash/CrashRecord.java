package org.lowernet.runtime.crash;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The record's file, one fact per line, oldest crash first:
 * <pre>
 * running 2026-12-01T16:50:02Z      a start in progress (only in /run: a power cut is not a crash)
 * safe-mode 2026-12-01T16:50:02Z    safe mode since (only in /run: a reboot tries the normal config again)
 * crash 2026-12-01T16:49:58Z the router daemon failed: ...
 * </pre>
 *
 * @param crashes   the crashes still counted, oldest first, at most {@link #KEPT}
 * @param running   when the start now running began, until it stops cleanly or records its crash
 * @param safeMode  when safe mode began in this boot
 */
record CrashRecord(List<Crash> crashes, Optional<Instant> running, Optional<Instant> safeMode) {

    /** Enough to decide and to tell the story; a loop in safe mode cannot grow the file without bound. */
    static final int KEPT = 20;
    static final CrashRecord EMPTY = new CrashRecord(List.of(), Optional.empty(), Optional.empty());
    private static final String HEADER = "# lowernet: the runtime's starts that did not end cleanly"
            + " (crash-loop detection, see README.md \"Crash loops and safe mode\")\n";

    CrashRecord {
        List<Crash> sorted = crashes.stream().sorted(Comparator.comparing(Crash::time)).toList();
        crashes = sorted.subList(Math.max(0, sorted.size() - KEPT), sorted.size());
    }

    CrashRecord with(Crash crash) {
        List<Crash> more = new ArrayList<>(crashes);
        more.add(crash);
        return new CrashRecord(more, running, safeMode);
    }

    CrashRecord withoutRunning() {
        return new CrashRecord(crashes, Optional.empty(), safeMode);
    }

    String format() {
        StringBuilder text = new StringBuilder(HEADER);
        running.ifPresent(at -> text.append("running ").append(at).append('\n'));
        safeMode.ifPresent(at -> text.append("safe-mode ").append(at).append('\n'));
        crashes.forEach(c -> text.append("crash ").append(c.time()).append(' ').append(c.reason()).append('\n'));
        return text.toString();
    }

    /**
     * The record in {@code text}; a line that is not one of the three facts is added to {@code problems} (with
     * {@code where} and its number), and then the whole record is empty: a damaged file must not invent crashes.
     */
    static CrashRecord parse(String text, String where, List<String> problems) {
        List<Crash> crashes = new ArrayList<>();
        Optional<Instant> running = Optional.empty();
        Optional<Instant> safeMode = Optional.empty();
        int before = problems.size();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split(" ", 3);
            Optional<Instant> at = words.length < 2 ? Optional.empty() : instant(words[1]);
            String kind = words[0];
            if (at.isEmpty() || !List.of("running", "safe-mode", "crash").contains(kind)
                    || !kind.equals("crash") && words.length > 2) {
                problems.add(where + " line " + (i + 1) + ": expected 'running TIME', 'safe-mode TIME' or"
                        + " 'crash TIME REASON' (TIME as 2026-12-01T16:50:02Z), found '" + line + "'");
                continue;
            }
            switch (kind) {
                case "running" -> running = at;
                case "safe-mode" -> safeMode = at;
                default -> crashes.add(new Crash(at.get(), words.length > 2 ? words[2] : ""));
            }
        }
        return problems.size() > before ? EMPTY : new CrashRecord(crashes, running, safeMode);
    }

    private static Optional<Instant> instant(String word) {
        try {
            return Optional.of(Instant.parse(word));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
