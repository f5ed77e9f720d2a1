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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.lowernet.runtime.net.netlink.NetworkNamespace;

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
    static final Path MOSQUITTO_PASSWD = Path.of("/usr/bin/mosquitto_passwd");
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
        Optional<TestCertificates> certificates = Optional.empty();
        if (options.tls()) {
            List<String> addresses = options.address().equals("127.0.0.1")
                    ? List.of("127.0.0.1") : List.of(options.address(), "127.0.0.1");
            certificates = Optional.of(TestCertificates.create(work.resolve("tls"), addresses));
        }
        Path config = work.resolve("mosquitto.conf");
        Files.writeString(config, configText(work, options, port, certificates));
        Mosquitto broker = new Mosquitto(work, options, port, config, certificates);
        broker.launch();
        return broker;
    }

    private static String configText(Path work, Options options, int port, Optional<TestCertificates> certificates)
            throws IOException, InterruptedException {
        StringBuilder text = new StringBuilder("# Written by the test fixture org.lowernet.runtime.health.Mosquitto\n");
        text.append("listener ").append(port).append(' ').append(options.address()).append('\n');
        // Mosquitto 2.x: once a listener is configured, anonymous access must be allowed explicitly.
        text.append("allow_anonymous ").append(options.users().isEmpty()).append('\n');
        if (!options.users().isEmpty()) {
            text.append("password_file ").append(passwordFile(work, options.users())).append('\n');
        }
        text.append("persistence false\nlog_dest stderr\nlog_type all\nlog_timestamp true\n");
        // Started as root, mosquitto 2.0.11 drops to user "mosquitto" BEFORE reading certificates and the
        // password file, and cannot read them in a 0700 temp folder. Naming the current user keeps it.
        text.append("user ").append(System.getProperty("user.name")).append('\n');
        certificates.ifPresent(tls -> text.append("cafile ").append(tls.caFile()).append('\n')
                .append("certfile ").append(tls.certFile()).append('\n')
                .append("keyfile ").append(tls.keyFile()).append('\n'));
        return text.toString();
    }

    private static Path passwordFile(Path work, Map<String, String> users) throws IOException, InterruptedException {
        TestCertificates.require(MOSQUITTO_PASSWD);
        Path file = work.resolve("passwords");
        Files.writeString(file, "");
        for (Map.Entry<String, String> user : new LinkedHashMap<>(users).entrySet()) {
            Process process = new ProcessBuilder(MOSQUITTO_PASSWD.toString(), "-b", file.toString(),
                    user.getKey(), user.getValue()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("mosquitto_passwd.out").toFile()).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("mosquitto_passwd -b " + file + " " + user.getKey() + " timed out");
            }
            if (process.exitValue() != 0) {
                fail("mosquitto_passwd -b " + file + " " + user.getKey() + " exited " + process.exitValue() + ": "
                        + Files.readString(work.resolve("mosquitto_passwd.out")));
            }
        }
        return file;
    }

    private static int freePort(Options options) throws Exception {
        InetAddress address = InetAddress.getByName(options.address());
        // Bound and closed at once: another process could take it in between, but on a test host that is rare.
        Callable<Integer> probe = () -> {
            try (ServerSocket socket = new ServerSocket(0, 1, address)) {
                return socket.getLocalPort();
            }
        };
        return options.namespace().isPresent()
                ? NetworkNamespace.named(options.namespace().get()).call(probe) : probe.call();
    }

    private void launch() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
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
