package org.lowernet.runtime.router;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.retry.Backoff;
import org.tinylog.Logger;

/**
 * Keeps one daemon running: starts it, logs each output line as {@code name| line} and hands it to a
 * handler, restarts it after {@link Backoff} when it exits, and stops it with SIGTERM, then SIGKILL after
 * {@link #STOP_GRACE}. The daemon must stay in the foreground and write to stdout or stderr.
 */
public final class Supervisor implements AutoCloseable {

    /** A run this long counts as healthy: the next crash starts the back-off series again. */
    static final Duration STABLE = Duration.ofMinutes(1);
    /** How long a daemon may take to exit after SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final List<String> command;
    private final Consumer<String> lines;
    private final Backoff backoff;
    private final EventSink events;
    private final BeforeStart beforeStart;
    private final Object lock = new Object();
    private Thread thread;
    private Process process;
    private boolean stopping;
    private int starts;

    /**
     * {@code lines} is called on the supervisor's thread for every output line, in order; {@code events} is told
     * of every restart.
     */
    public Supervisor(String name, List<String> command, Consumer<String> lines, Backoff backoff, EventSink events) {
        this(name, command, lines, backoff, events, () -> { });
    }

    /** As above; {@code beforeStart} runs before every start, e.g. to remove what a killed daemon left behind. */
    public Supervisor(String name, List<String> command, Consumer<String> lines, Backoff backoff, EventSink events,
                      BeforeStart beforeStart) {
        this.name = name;
        this.command = List.copyOf(command);
        this.lines = lines;
        this.backoff = backoff;
        this.events = events;
        this.beforeStart = beforeStart;
    }

    /** What must be done before each start of the daemon; a failure counts as a failed start. */
    @FunctionalInterface
    public interface BeforeStart {
        void run() throws IOException;
    }

    /** Starts the daemon once, synchronously (so a missing program fails the caller), then keeps it running. */
    public void start() throws IOException {
        Process first = launch();
        thread = Thread.ofPlatform().name("supervise-" + name).daemon().start(() -> supervise(first));
    }

    /** Starts the program; null when a stop came first (so nothing outlives {@link #close()}). */
    private Process launch() throws IOException {
        synchronized (lock) {
            if (stopping) {
                return null;
            }
            beforeStart.run();
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IOException("starting " + name + " (" + String.join(" ", command) + "): " + e.getMessage()
                        + "; is " + command.getFirst() + " installed?", e);
            }
            process.getOutputStream().close();
            starts++;
            Logger.info("{}: started, pid {}", name, process.pid());
            return process;
        }
    }

    private void supervise(Process first) {
        Process current = first;
        while (true) {
            long began = System.nanoTime();
            String ending = "could not start";
            if (current != null) {
                pump(current);
                ending = "exited with " + waitFor(current);
            }
            Duration ran = Duration.ofNanos(System.nanoTime() - began);
            synchronized (lock) {
                if (stopping) {
                    return;
                }
                Duration delay = delayAfter(backoff, ran);
                Logger.warn("{}: {} after {} ms; restarting in {} ms", name, ending, ran.toMillis(), delay.toMillis());
                events.emit(Event.now(EventType.SERVICE_RESTART, "service", name, "reason", ending,
                        "ran_ms", ran.toMillis(), "delay_ms", delay.toMillis()));
                try {
                    lock.wait(Math.max(1, delay.toMillis()));
                } catch (InterruptedException e) {
                    return;
                }
                if (stopping) {
                    return;
                }
            }
            try {
                current = launch();
            } catch (IOException e) {
                Logger.error("{}: {}", name, e.getMessage());
                current = null;
            }
        }
    }

    private void pump(Process p) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                Logger.info("{}| {}", name, line);
                try {
                    lines.accept(line);
                } catch (RuntimeException e) {
                    Logger.error(e, "{}: handling the line '{}' failed", name, line);
                }
            }
        } catch (IOException e) {
            Logger.warn("{}: reading its output failed: {}", name, e.getMessage());
        }
    }

    private static int waitFor(Process p) {
        while (true) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    /** The running daemon's pid, if it runs now. */
    public Optional<Long> pid() {
        synchronized (lock) {
            return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
        }
    }

    /**
     * Why the daemon is no longer kept running although nobody stopped it: the supervising thread ended (what
     * ended it is in the log); empty while it supervises, before its start and after {@link #close()}.
     */
    public Optional<String> gaveUp() {
        synchronized (lock) {
            if (stopping || thread == null || thread.isAlive()) {
                return Optional.empty();
            }
        }
        return Optional.of(name + " is no longer supervised: its supervising thread ended");
    }

    /** How many times the daemon was started, restarts included. */
    public int starts() {
        synchronized (lock) {
            return starts;
        }
    }

    /** Sends the running daemon a signal by its pid (e.g. "USR1"), through kill(1). */
    public boolean signal(String signal) throws IOException, InterruptedException {
        Optional<Long> pid = pid();
        if (pid.isEmpty()) {
            return false;
        }
        return new ProcessBuilder("kill", "-" + signal, pid.get().toString()).inheritIO().start().waitFor() == 0;
    }

    /** SIGTERM, SIGKILL after {@link #STOP_GRACE}; no restart afterwards. */
    @Override
    public void close() throws InterruptedException {
        Process p;
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
            p = process;
        }
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(STOP_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                Logger.warn("{}: no exit {} s after SIGTERM; killing it", name, STOP_GRACE.toSeconds());
                p.destroyForcibly().waitFor();
            }
        }
        if (thread != null) {
            thread.join(STOP_GRACE.toMillis());
        }
        Logger.info("{}: stopped", name);
    }

    /** The wait before the next start, after a run that lasted {@code ran}: a stable run resets the series. */
    static Duration delayAfter(Backoff backoff, Duration ran) {
        if (ran.compareTo(STABLE) >= 0) {
            backoff.reset();
        }
        return backoff.next();
    }
}
