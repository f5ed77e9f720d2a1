package org.lowernet.image.qemu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads the console on its own thread, line by line: hands each line to a listener, queues it for
 * whoever waits, and keeps the last {@value #KEPT_LINES} for error messages.
 */
final class ConsoleReader {

    /** How many lines an error message shows: enough for a kernel panic and its cause. */
    static final int KEPT_LINES = 40;

    /** Terminal control sequences (busybox's shell asks for the cursor position: ESC [ 6 n). */
    private static final Pattern CONTROL_SEQUENCE = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    /** One thing read from the console: a line, or the end of the stream with the reason, if any. */
    sealed interface Event {
        record Line(String text) implements Event {
        }

        record End(Exception failure) implements Event {
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final ArrayDeque<String> kept = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean muted;

    ConsoleReader(InputStream console, Consumer<String> listener, String threadName) {
        this.thread = Thread.ofPlatform().daemon().name(threadName).start(() -> read(console, listener));
    }

    private void read(InputStream console, Consumer<String> listener) {
        Exception failure = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(console, StandardCharsets.UTF_8))) {
            for (String raw = reader.readLine(); raw != null; raw = reader.readLine()) {
                String line = clean(raw);
                synchronized (kept) {
                    if (kept.size() == KEPT_LINES) {
                        kept.removeFirst();
                    }
                    kept.addLast(line);
                }
                // The listener first: whoever waits for this line then finds it already passed on.
                if (!muted) {
                    listener.accept(line);
                }
                events.add(new Event.Line(line));
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            events.add(new Event.End(failure));
        }
    }

    /** Drops carriage returns and terminal control sequences, which only get in the way of matching. */
    static String clean(String raw) {
        return CONTROL_SEQUENCE.matcher(raw.replace("\r", "")).replaceAll("");
    }

    /** Stops passing lines to the listener: what QEMU says while being stopped is noise to it. */
    void mute() {
        muted = true;
    }

    /** The next event, or null when none arrives within {@code nanos}. */
    Event next(long nanos) throws InterruptedException {
        return events.poll(nanos, TimeUnit.NANOSECONDS);
    }

    /** The last lines read, oldest first. */
    List<String> lastLines() {
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    /** Waits briefly for the reader to see the end of the stream after QEMU is gone. */
    void join() throws InterruptedException {
        thread.join(java.time.Duration.ofSeconds(5));
    }
}
