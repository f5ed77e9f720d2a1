package org.lowernet.image.build;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Prints one line per build step: what it made, or that it came from the cache, and its time. Steps on two
 * threads print whole lines, each a step's own.
 */
final class Progress {

    private final PrintStream out;

    Progress(PrintStream out) {
        this.out = out;
    }

    /** A step's value and the words that describe it. */
    record Done<T>(T value, String summary, boolean cached) {
        static <T> Done<T> made(T value, String summary) {
            return new Done<>(value, summary, false);
        }

        static <T> Done<T> fromCache(T value, String summary) {
            return new Done<>(value, summary, true);
        }
    }

    <T> T step(String name, Callable<Done<T>> work) throws Exception {
        out.printf(Locale.ROOT, "%-10s ...%n", name);
        long start = System.nanoTime();
        Done<T> done = work.call();
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%-10s %s%s (%.1f s)%n",
                name, done.cached() ? "cached: " : "", done.summary(), seconds);
        return done.value();
    }

    /** The value of a step run on another thread; its failure is thrown here as it would have been there. */
    static <T> T await(Future<T> step) throws Exception {
        try {
            return step.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    void say(String line) {
        out.println(line);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
