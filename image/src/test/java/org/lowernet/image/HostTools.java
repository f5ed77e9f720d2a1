package org.lowernet.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.lowernet.runtime.Requires;

/**
 * Host tools (fsck.fat, mtools, cpio, xz, QEMU, ...) as independent judges of what the Java code wrote.
 * A missing tool fails the test under CI=true and skips it elsewhere, saying what to install.
 */
public final class HostTools {

    public record Result(int exitCode, byte[] stdout, String stderr) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + out() + "\nstderr:\n" + stderr;
        }
    }

    private HostTools() {
    }

    /** A precondition of a system test: when it does not hold, fail under CI=true, skip elsewhere. */
    public static void require(boolean condition, String message) {
        Requires.that(condition, message);
    }

    public static void require(String tool) {
        boolean found = tool.contains("/")
                ? Files.isExecutable(Path.of(tool))
                : Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")), Stream.of("/usr/sbin", "/sbin"))
                        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)));
        Requires.that(found, "host tool " + tool
                + " is not installed; scripts/test installs it (or apt-get install the package providing it)");
    }

    public static Result run(List<String> command) throws IOException, InterruptedException {
        return run(command, Map.of());
    }

    public static Result run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        require(command.getFirst());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin");
        builder.environment().put("LC_ALL", "C.UTF-8");
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("timed out: " + command);
        }
        return new Result(process.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs {@code sh -c script} in {@code dir}; returns stdout, failing the test on a non-zero exit. */
    public static String sh(Path dir, String script) throws IOException, InterruptedException {
        Path err = Files.createTempFile("host-tool", ".err");
        try {
            Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile())
                    .redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + script);
            }
            assertEquals(0, p.exitValue(), script + " failed: " + Files.readString(err));
            return out;
        } finally {
            Files.delete(err);
        }
    }
}
