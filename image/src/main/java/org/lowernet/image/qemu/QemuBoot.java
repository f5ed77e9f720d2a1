package org.lowernet.image.qemu;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One running QEMU guest, watched through its serial console. Start it, wait for lines, type into the
 * console, and close it: closing always ends QEMU and anything it started (a raspi3b guest cannot power
 * off, so QEMU never ends by itself). A JVM shutdown hook ends it too if the caller never gets to close.
 *
 * <pre>{@code
 * try (QemuBoot guest = QemuBoot.start(spec, System.out::println)) {
 *     guest.awaitReady(Duration.ofSeconds(60));
 *     guest.send("cat /proc/uptime");
 *     guest.awaitLine(line -> line.matches("[0-9.]+ [0-9.]+"), Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class QemuBoot implements AutoCloseable {

    /** What the lowernet init prints on the console once the system is up. */
    public static final String READY_MARKER = "lowernet ready";

    /** How long QEMU gets to exit after SIGTERM before it is killed. */
    private static final Duration TERMINATION_GRACE = Duration.ofSeconds(5);

    private final Process process;
    private final List<String> command;
    private final ConsoleReader console;
    private final OutputStream input;
    private final Thread shutdownHook;
    private ConsoleReader.Event.End end;
    private boolean closed;

    private QemuBoot(Process process, List<String> command, Consumer<String> listener) {
        this.process = process;
        this.command = command;
        this.console = new ConsoleReader(process.getInputStream(), listener, "qemu-console-" + process.pid());
        this.input = process.getOutputStream();
        this.shutdownHook = new Thread(this::destroy, "qemu-stop-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts QEMU for {@code spec}; every console line goes to {@code listener} (on another thread). */
    public static QemuBoot start(BootSpec spec, Consumer<String> listener) {
        Path qemu = QemuCommandLine.locate(spec.qemu(), System.getenv("PATH"));
        List<String> command = QemuCommandLine.of(qemu, spec);
        try {
            // stderr joins the console so that QEMU's own complaints show up in the last lines.
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new QemuBoot(process, command, listener);
        } catch (IOException e) {
            throw new QemuBootException("starting QEMU: " + String.join(" ", command) + ": " + e.getMessage()
                    + "; check the QEMU installation (`apt-get install qemu-system-arm`)", List.of(), e);
        }
    }

    /** Waits for the lowernet ready marker; returns the line that carried it. */
    public String awaitReady(Duration timeout) {
        return awaitLine(READY_MARKER, timeout);
    }

    /** Waits for a line that contains {@code marker}; returns that line. */
    public String awaitLine(String marker, Duration timeout) {
        return awaitLine(line -> line.contains(marker), "a line containing '" + marker + "'", timeout);
    }

    /** Waits for the next line (after those already awaited) that satisfies {@code wanted}. */
    public String awaitLine(Predicate<String> wanted, Duration timeout) {
        return awaitLine(wanted, "the awaited line", timeout);
    }

    private String awaitLine(Predicate<String> wanted, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (end == null) {
                long left = deadline - System.nanoTime();
                ConsoleReader.Event event = left > 0 ? console.next(left) : null;
                if (event == null) {
                    throw new QemuBootException("waiting for " + what + ": nothing after " + timeout.toMillis() / 1000.0
                            + " s (QEMU pid " + process.pid() + "; command: " + String.join(" ", command) + ")",
                            console.lastLines());
                }
                switch (event) {
                    case ConsoleReader.Event.Line line when wanted.test(line.text()) -> {
                        return line.text();
                    }
                    case ConsoleReader.Event.Line line -> { /* not the one; keep waiting */ }
                    case ConsoleReader.Event.End ended -> end = ended;
                }
            }
            process.waitFor(TERMINATION_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            String status = process.isAlive() ? "closed its console" : "exited with code " + process.exitValue();
            throw new QemuBootException("waiting for " + what + ": QEMU " + status + " first (command: "
                    + String.join(" ", command) + ")", console.lastLines(), end.failure());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new QemuBootException("waiting for " + what + ": interrupted; QEMU stopped", console.lastLines(), e);
        }
    }

    /** Types {@code line} and a newline into the serial console. */
    public void send(String line) {
        try {
            input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            input.flush();
        } catch (IOException e) {
            throw new QemuBootException("typing '" + line + "' into the console: " + e.getMessage()
                    + " (has QEMU exited?)", console.lastLines(), e);
        }
    }

    /** The console's last lines, oldest first. */
    public List<String> lastLines() {
        return console.lastLines();
    }

    /** The QEMU process, e.g. to check that it is gone after {@link #close()}. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** The command QEMU was started with. */
    public List<String> command() {
        return command;
    }

    /** Ends QEMU and its descendants and waits until they are gone. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or will run; destroying twice is harmless.
        }
        console.mute();
        destroy();
        try {
            console.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void destroy() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        boolean exited = false;
        try {
            exited = process.waitFor(TERMINATION_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!exited) {
            process.destroyForcibly();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.onExit().join();
    }
}
