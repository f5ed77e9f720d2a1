package org.lowernet.runtime.program;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A finished program: its exit code and what it printed (stdout and stderr together).
 *
 * @param output what it printed, as UTF-8
 */
public record ProgramRun(int code, String output) {

    /**
     * Runs {@code command} with no input, waits at most {@code timeout}.
     *
     * @throws IOException it cannot be started, or did not finish in time (it is then killed)
     */
    public static ProgramRun of(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        // Read beside the wait, so a program that hangs with its output open still times out.
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        }, Thread::startVirtualThread);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
        }
        return new ProgramRun(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8));
    }

    /** The output on one line, at most 300 characters. */
    public String brief() {
        String line = output.strip().replaceAll("\\s*\\n\\s*", " | ");
        return line.isEmpty() ? "(no output)" : line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
