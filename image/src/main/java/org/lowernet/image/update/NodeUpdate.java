package org.lowernet.image.update;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.lowernet.runtime.program.ProgramRun;
import org.lowernet.runtime.update.SlotState;

/**
 * One node's update over SSH: the bundle streamed into {@code lowernet install-update} on the node (progress every
 * tenth), then, while the node restarts and tries the new system, {@code lowernet update-status} asked every
 * {@link #POLL} until slots.txt says it was committed or rolled back.
 */
final class NodeUpdate {

    /** The runtime's front door on a node. */
    static final String NODE_LOWERNET = "/opt/lowernet/bin/lowernet";
    static final Duration POLL = Duration.ofSeconds(10);
    static final Duration STATUS_TIMEOUT = Duration.ofSeconds(60);
    /** After the last byte: the node checks the end, writes the system and its boot files (an SD card: a minute). */
    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    enum Outcome {
        COMMITTED, ROLLED_BACK, REFUSED, UNREACHABLE, SENT, NO_OUTCOME;

        String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    record Report(String node, Outcome outcome, String detail) {
    }

    private final String node;
    private final List<String> ssh;
    private final Path bundle;
    private final String version;
    private final boolean force;
    private final Duration wait;
    private final Consumer<String> say;

    /**
     * @param ssh     the SSH client and its options, before user@host
     * @param version the bundle's version, which the node's result must name
     * @param say     where this node's progress and its own lines go (one line each, prefixed by the caller)
     */
    NodeUpdate(String node, List<String> ssh, Path bundle, String version, boolean force, Duration wait,
            Consumer<String> say) {
        this.node = node;
        this.ssh = List.copyOf(ssh);
        this.bundle = bundle;
        this.version = version;
        this.force = force;
        this.wait = wait;
        this.say = say;
    }

    Report run() throws IOException, InterruptedException {
        List<String> install = new ArrayList<>(List.of(NODE_LOWERNET, "install-update"));
        if (force) {
            install.add("--force");
        }
        Process process = new ProcessBuilder(command(String.join(" ", install))).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> readLines(process.getInputStream(), lines),
                Thread::startVirtualThread);
        IOException sendFailure = null;
        try (OutputStream to = process.getOutputStream(); InputStream from = Files.newInputStream(bundle)) {
            send(from, to, Files.size(bundle));
        } catch (IOException e) {
            sendFailure = e; // the node closed its end: it refused, or SSH failed; its lines say which
        }
        if (!process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            reader.join();
            return new Report(node, Outcome.UNREACHABLE, "no answer within " + INSTALL_TIMEOUT.toMinutes()
                    + " min after the bundle was sent (the node went away while writing?)");
        }
        int code = process.exitValue();
        reader.join();
        Optional<String> refused = lines.stream().filter(l -> l.startsWith("update: refused: ")).findFirst();
        if (refused.isPresent()) {
            return new Report(node, Outcome.REFUSED, refused.get().substring("update: refused: ".length()));
        }
        if (code != 0 || lines.stream().noneMatch(l -> l.startsWith("update: installed "))) {
            // No verdict from the node: the session never began, or broke (the node went away).
            String why = lines.isEmpty() ? "ssh exited with " + code : lines.getLast() + " (exit " + code + ")";
            return new Report(node, Outcome.UNREACHABLE,
                    why + (sendFailure == null ? "" : "; sending stopped: " + sendFailure.getMessage()));
        }
        if (wait.isZero()) {
            return new Report(node, Outcome.SENT, "installed; not waiting for the trial (--wait 0s)");
        }
        return awaitOutcome();
    }

    /** Streams the bundle, saying every tenth sent. */
    private void send(InputStream from, OutputStream to, long size) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long sent = 0;
        int tenth = 0;
        int n;
        while ((n = from.read(buffer)) > 0) {
            to.write(buffer, 0, n);
            sent += n;
            int now = (int) (sent * 10 / Math.max(1, size));
            if (now > tenth) {
                tenth = now;
                say.accept(String.format(Locale.ROOT, "sent [%-10s] %3d%% (%.1f of %.1f MiB)", "#".repeat(tenth),
                        tenth * 10, sent / 1048576.0, size / 1048576.0));
            }
        }
    }

    /** Asks the node until its slots.txt names this version's commit or rollback, or {@link #wait} has passed. */
    private Report awaitOutcome() throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        String last = "not asked yet";
        String said = "";
        while (System.nanoTime() < deadline) {
            Thread.sleep(POLL);
            Optional<SlotState> state = status();
            if (state.isEmpty()) {
                last = "unreachable (restarting?)";
                continue;
            }
            Optional<SlotState.Trial> trial = state.get().trial();
            Optional<String> result = state.get().result();
            if (trial.isPresent()) {
                last = trial.get().slot().fileName() + " on trial, " + trial.get().tries() + " of "
                        + trial.get().maxTries() + " boots begun";
            } else if (result.filter(r -> r.startsWith("committed " + version + " ")).isPresent()) {
                return new Report(node, Outcome.COMMITTED, result.get());
            } else if (result.filter(r -> r.startsWith("rolled back " + version + " ")).isPresent()) {
                return new Report(node, Outcome.ROLLED_BACK, result.get());
            } else {
                last = "no trial, last result: " + result.orElse("none");
            }
            if (!last.equals(said)) {
                say.accept(last);
                said = last;
            }
        }
        return new Report(node, Outcome.NO_OUTCOME, "none within " + wait.toSeconds() + " s; last seen: " + last);
    }

    /** The node's slots.txt through update-status; empty while it cannot be reached. */
    private Optional<SlotState> status() throws InterruptedException {
        try {
            ProgramRun run = ProgramRun.of(command(NODE_LOWERNET + " update-status"), STATUS_TIMEOUT);
            return run.code() == 0 ? Optional.of(SlotState.parse(run.output())) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // restarting, or not answering yet
        }
    }

    private List<String> command(String remote) {
        List<String> command = new ArrayList<>(ssh);
        command.add(node.contains("@") ? node : "root@" + node);
        command.add(remote);
        return command;
    }

    private void readLines(InputStream in, List<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
                say.accept(line);
            }
        } catch (IOException e) {
            say.accept("reading the node's output: " + e.getMessage());
        }
    }
}
