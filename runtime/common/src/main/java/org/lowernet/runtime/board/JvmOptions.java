package org.lowernet.runtime.board;

import java.util.ArrayList;
import java.util.List;

/**
 * How the device's launcher (runtime/src/main/device/bin/lowernet) starts the runtime's JVM on a board: the heap
 * limit as a share of MemTotal within a floor and a cap, and the board's own JVM options. The image builder writes
 * {@link #launcherFile} beside the board's profile; the launcher, a busybox sh script, reads that file rather than
 * board.conf, so the only parser of board.conf is {@link Board}.
 *
 * @param heapPercent the heap limit (-Xmx) as a percentage of MemTotal
 * @param heapMinMib  the heap limit's floor, MiB
 * @param heapMaxMib  the heap limit's cap, MiB
 * @param options     JVM options given after the launcher's own, e.g. -Xss256k
 */
public record JvmOptions(int heapPercent, int heapMinMib, int heapMaxMib, List<String> options) {

    /** The file name suffix of {@link #launcherFile} beside {@code <id>.conf} in {@link BoardProfiles#FOLDER}. */
    public static final String SUFFIX = ".jvm";

    /** Without jvm.* keys: the launcher's rule before board profiles had one (a quarter, 64 to 256 MiB). */
    public static final JvmOptions DEFAULT = new JvmOptions(25, 64, 256, List.of());

    public JvmOptions {
        options = List.copyOf(options);
    }

    /** The heap limit in MiB for a board whose /proc/meminfo says {@code memTotalKb}; the launcher's arithmetic. */
    public int heapMib(long memTotalKb) {
        long share = memTotalKb / 1024 * heapPercent / 100;
        return (int) Math.max(heapMinMib, Math.min(heapMaxMib, share));
    }

    /**
     * The launcher's file: one "model PREFIX" line per model prefix, "heap PERCENT MIN MAX" and "options ...".
     * Options are words without shell metacharacters ({@link Board} checks that), so the launcher may split them
     * on spaces.
     */
    public String launcherFile(String boardId, List<String> models) {
        List<String> lines = new ArrayList<>();
        lines.add("# The JVM settings of board " + boardId + " (jvm.* in its board.conf), for bin/lowernet.");
        models.forEach(model -> lines.add("model " + model));
        lines.add("heap " + heapPercent + " " + heapMinMib + " " + heapMaxMib);
        lines.add("options " + String.join(" ", options));
        return String.join("\n", lines) + "\n";
    }
}
