package org.lowernet.runtime.boot;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A copy of what the runtime writes to the console, for the boot log on /data. The runtime logs before /data
 * is mounted, so the copy starts in memory and goes to the file once one is {@linkplain #attach attached}; it
 * stops at {@link #LIMIT} bytes a boot (a runtime that logs in a loop must not fill the card), saying so.
 */
public final class ConsoleCapture {

    /** The most a boot's log may hold. */
    public static final int LIMIT = 256 * 1024;
    static final String TRUNCATED = "\n[the boot log stops here: it reached its limit; the console has the rest]\n";

    private final ByteArrayOutputStream early = new ByteArrayOutputStream();
    private FileOutputStream file;
    private long size;
    private boolean full;
    private String failure;

    /**
     * Copies this process's standard output and error from now on. tinylog's console writer prints to
     * {@code System.out} and {@code System.err} as they are when it writes, so the log goes through the copy.
     */
    public static ConsoleCapture install() {
        ConsoleCapture capture = new ConsoleCapture();
        System.setOut(capture.tee(System.out));
        System.setErr(capture.tee(System.err));
        return capture;
    }

    /** A stream that writes to {@code console} and into this capture. */
    PrintStream tee(PrintStream console) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                console.write(bytes, offset, length);
                accept(bytes, offset, length);
            }

            @Override
            public void flush() {
                console.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }

    /**
     * From now on the copy goes to {@code log} (appended), after {@code header} and whatever was logged before.
     * A failure to write the file later ends the copy, never the console.
     */
    public synchronized void attach(Path log, String header) throws IOException {
        detach();
        file = new FileOutputStream(log.toFile(), true);
        size = log.toFile().length();
        full = false;
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        append(head, 0, head.length);
        byte[] before = early.toByteArray();
        early.reset();
        append(before, 0, before.length);
    }

    /** Writes what is copied to the disk and stops copying into the file (a clean stop). */
    public synchronized void detach() throws IOException {
        if (file != null) {
            try (FileOutputStream closing = file) {
                file = null;
                closing.getFD().sync();
            }
        }
    }

    /** Why writing the log file failed, if it did. */
    public synchronized Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    synchronized void accept(byte[] bytes, int offset, int length) {
        if (file == null) {
            if (early.size() + length <= LIMIT) {
                early.write(bytes, offset, length);
            }
            return;
        }
        append(bytes, offset, length);
    }

    private void append(byte[] bytes, int offset, int length) {
        if (full || file == null) {
            return;
        }
        try {
            if (size + length > LIMIT) {
                full = true;
                file.write(TRUNCATED.getBytes(StandardCharsets.UTF_8));
                return;
            }
            file.write(bytes, offset, length);
            size += length;
        } catch (IOException e) {
            // Logging here would loop back into this method: the copy ends, and failure() tells it later.
            full = true;
            failure = e.getMessage();
        }
    }
}
