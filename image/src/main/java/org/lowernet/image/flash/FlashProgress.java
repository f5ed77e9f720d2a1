package org.lowernet.image.flash;

import java.io.PrintStream;
import java.util.Locale;

/** Prints what has been written so far: bytes, percent and speed, at most every half second and at the end. */
final class FlashProgress {

    private static final long INTERVAL_NANOS = 500_000_000L;

    private final PrintStream out;
    private final String verb;
    private final long total;
    private final long start = System.nanoTime();
    private long lastPrinted;

    FlashProgress(PrintStream out, String verb, long total) {
        this.out = out;
        this.verb = verb;
        this.total = total;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (done < total && now - lastPrinted < INTERVAL_NANOS) {
            return;
        }
        lastPrinted = now;
        out.printf(Locale.ROOT, "%s %s of %s (%d%%), %.1f MB/s%n", verb, human(done), human(total),
                total == 0 ? 100 : done * 100 / total, done / 1e6 / Math.max(1e-9, seconds()));
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
