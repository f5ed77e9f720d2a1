package org.lowernet.runtime.health;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto broker for one test: its own config in the test's folder, one listener on a free port
 * of 127.0.0.1 (or of an address inside a network namespace), no persistence, every log line captured.
 *
 * <p>Ready means the broker logged "mosquitto version … running", which it prints once every listener is
 * open. A probing TCP connect would do too, but it would leave a "New connection from" line that tests
 * counting connections would have to discount.
 */
public final class Mosquitto implements AutoCloseable {

    static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final long READY_MILLIS = 10_000;
    private static final long STOP_MILLIS = 10_000;

    /** What the broker offers: TLS, password users, a network namespace and the address to bind there. */
    public record Options(boolean tls, Map<String, String> users, Optional<String> namespace, String address) {

        public Options {
            users = Map.copyOf(users);
        }

        /** Anonymous plain MQTT on 127.0.0.1 of the host. */
        public static Options plain() {
            return new Options(false, Map.of(), Optional.empty(), "127.0.0.1");
        }

        /** TLS with a fresh CA ({@link Mosquitto#caFile()}) and a certificate for the bound address. */
        public Options withTls() {
            return new Options(true, users, namespace, address);
        }

        /** Only these users (name to password) may connect; anonymous clients are refused. */
        public Options withUsers(Map<String, String> passwords) {
            return new Options(tls, passwords, namespace, address);
        }

        /** Runs in namespace {@code name} (made by {@code ip netns add}), bound to its 127.0.0.1. */
        public Options inNamespace(String name) {
            return inNamespace(name, "127.0.0.1");
        }

        public Options inNamespace(String name, String bindAddress) {
            return new Options(tls, users, Optional.of(name), bindAddress);
        }
    }

    private final Path work;
    private final Options options;
    private final int port;
    private final Path config;
    private final Optional<TestCertificates> certificates;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private Process process;
    private Thread reader;

    private Mosquitto(Path work, Options options, int port, Path config, Optional<TestCertificates> certificates) {
        this.work = work;
        this.options = options;
        this.port = port;
        this.config = config;
        this.certificates = certificates;
    }

    /** Writes the config under {@code work}, starts the broker and waits (≤ 10 s) until it is ready. */
    public static Mosquitto start(Path work, Options options) throws Exception {
        TestCertificates.require(MOSQUITTO);
        Files.createDirectories(work);
        int port = freePort(options);
        MosquittoConfig config = MosquittoConfig.write(work, options, port);
        Mosquitto broker = new Mosquitto(work, options, port, config.file(), config.certificates());
        broker.launch();
        return broker;
    }

    private static int freePort(Options options) throws Exception {
        if (options.namespace().isPresent()) {
            return freePortIn(options.namespace().get());
        }
        // Bound and closed at once: another process could take it in between, but on a test host that is rare.
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(options.address()))) {
            return socket.getLocalPort();
        }
    }

    /**
     * The first port from MQTT's 1883 up that no socket of namespace {@code name} uses. Binding a probe
     * there would need setns(2), which is native code this fixture does without; the namespace's own
     * /proc/net/tcp and tcp6 (read through ip netns exec) list its sockets' local ports instead.
     */
    private static int freePortIn(String name) throws IOException, InterruptedException {
        List<String> command = List.of("ip", "netns", "exec", name, "cat", "/proc/net/tcp", "/proc/net/tcp6");
        Process cat = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String table = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cat.waitFor(10, TimeUnit.SECONDS) || cat.exitValue() != 0) {
            cat.destroyForcibly();
            fail("listing the ports in use in namespace " + name + ": " + command + " failed:\n" + table);
        }
        // Each socket line: "sl ADDRESS:PORT ..." with the port in hex (proc(5), /proc/net/tcp); headers have no colon.
        Set<Integer> used = new HashSet<>();
        for (String line : table.lines().toList()) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length > 1 && fields[1].contains(":")) {
                used.add(Integer.parseInt(fields[1].substring(fields[1].lastIndexOf(':') + 1), 16));
            }
        }
        int port = 1883;
        while (used.contains(port)) {
            port++;
        }
        return port;
    }

    private void launch() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        // ip netns exec enters the namespace and execs mosquitto in the same process, so SIGTERM reaches it.
        options.namespace().ifPresent(name -> command.addAll(List.of("ip", "netns", "exec", name)));
        command.addAll(List.of(MOSQUITTO.toString(), "-c", config.toString()));
        long readyBefore = readyCount();
        long started = System.nanoTime();
        process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        Process current = process;
        reader = Thread.ofPlatform().daemon().name("mosquitto-log-" + port).start(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(current.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(log::add);
            } catch (IOException | UncheckedIOException e) {
                log.add("(reading the broker's output failed: " + e + ")");
            }
        });
        while (readyCount() == readyBefore) {
            if (!current.isAlive()) {
                reader.join(2_000);
                fail("mosquitto exited " + current.exitValue() + " while starting with " + config + ":\n"
                        + String.join("\n", log));
            }
            if (System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(READY_MILLIS)) {
                stop();
                fail("mosquitto did not report running within " + READY_MILLIS + " ms (" + config + "):\n"
                        + String.join("\n", log));
            }
            Thread.sleep(10);
        }
    }

    public int port() {
        return port;
    }

    /** {@code tcp://ADDRESS:PORT}, or {@code ssl://ADDRESS:PORT} with TLS. */
    public String url() {
        return (options.tls() ? "ssl://" : "tcp://") + options.address() + ":" + port;
    }

    /** The CA certificate (PEM) clients must trust; only with TLS. */
    public Path caFile() {
        return certificates.orElseThrow(() -> new IllegalStateException(
                "the broker on port " + port + " has no TLS; start it with Options.withTls()")).caFile();
    }

    /** Sends SIGTERM and waits ≤ 10 s for the exit (then SIGKILL and a failure). No-op when stopped. */
    public void stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.toHandle().destroy();
        boolean exited = process.waitFor(STOP_MILLIS, TimeUnit.MILLISECONDS);
        if (!exited) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        reader.join(2_000);
        if (!exited) {
            fail("mosquitto on port " + port + " ignored SIGTERM for " + STOP_MILLIS + " ms; killed it");
        }
    }

    /** Stops and starts again with the same port and config; waits (≤ 10 s) until it is ready. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    /** Every line the broker printed so far, across restarts. */
    public List<String> log() {
        return List.copyOf(log);
    }

    private long readyCount() {
        return log.stream().filter(line -> line.contains("mosquitto version") && line.endsWith(" running")).count();
    }

    public long logCount(String substring) {
        return log.stream().filter(line -> line.contains(substring)).count();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
