package org.lowernet.image;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.lowernet.runtime.Arrivals;

/**
 * Debian's {@code mosquitto_sub} (mosquitto-clients) as the independent judge of what reached a broker:
 * a host tool, not the runtime's own MQTT client. QoS 1, clean session; it records every message of its
 * topic filters in arrival order, with the retain flag the broker sent.
 *
 * <p>Run with {@code -d}, mosquitto_sub prints its protocol steps ("Client … received SUBACK") besides
 * the messages, so {@link #start} can wait until the broker has confirmed the subscription; messages are
 * printed as {@code MESSAGE <retain 0|1> <topic> <payload>} to tell them apart. Payloads are one line
 * (the health messages are compact JSON); topics hold no spaces.
 */
public final class MosquittoSub implements AutoCloseable {

    /** One message as it arrived. */
    public record Received(String topic, String payload, boolean retained) {
    }

    private static final String MESSAGE = "MESSAGE ";
    private static final Duration SUBACK = Duration.ofSeconds(10);

    private final String broker;
    private final Process process;
    private final Arrivals<Received> messages = new Arrivals<>();
    private final List<String> debug = new ArrayList<>();
    private boolean subscribed;

    private MosquittoSub(String broker, Process process) {
        this.broker = broker;
        this.process = process;
    }

    /**
     * Subscribes to {@code filters} on the broker at {@code url} ({@code tcp://HOST:PORT}), from network
     * namespace {@code namespace} when given, and waits (≤ 10 s) for the broker's SUBACK.
     */
    public static MosquittoSub start(String url, Optional<String> namespace, String... filters) throws IOException,
            InterruptedException {
        HostTools.require("mosquitto_sub");
        URI uri = URI.create(url);
        if (!"tcp".equals(uri.getScheme()) || uri.getPort() < 0) {
            throw new IllegalArgumentException("mosquitto_sub here takes tcp://HOST:PORT, not " + url);
        }
        List<String> command = new ArrayList<>();
        namespace.ifPresent(name -> command.addAll(List.of("ip", "netns", "exec", name)));
        // stdbuf: into a pipe mosquitto_sub's stdio buffers its lines until it exits; each line is needed now.
        command.addAll(List.of("stdbuf", "-oL", "mosquitto_sub", "-d", "-q", "1", "-h", uri.getHost(),
                "-p", String.valueOf(uri.getPort()), "-F", MESSAGE + "%r %t %p"));
        for (String filter : filters) {
            command.addAll(List.of("-t", filter));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        MosquittoSub sub = new MosquittoSub(url, process);
        Thread.ofPlatform().daemon().name("mosquitto_sub-" + process.pid()).start(sub::read);
        sub.awaitSubscribed(command);
        return sub;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                record(line);
            }
        } catch (IOException | UncheckedIOException e) {
            record("(reading mosquitto_sub's output failed: " + e + ")");
        }
    }

    private void record(String line) {
        if (line.startsWith(MESSAGE)) {
            String[] parts = line.substring(MESSAGE.length()).split(" ", 3);
            messages.add(new Received(parts[1], parts.length > 2 ? parts[2] : "", parts[0].equals("1")));
            return;
        }
        synchronized (this) {
            debug.add(line);
            subscribed |= line.contains("received SUBACK");
            notifyAll();
        }
    }

    private synchronized void awaitSubscribed(List<String> command) throws InterruptedException {
        long deadline = System.nanoTime() + SUBACK.toNanos();
        while (!subscribed) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !process.isAlive()) {
                close();
                fail("mosquitto_sub got no SUBACK from " + broker + " within " + SUBACK + " (" + command + "):\n"
                        + String.join("\n", debug));
            }
            wait(Math.max(1, Math.min(left / 1_000_000, 100)));
        }
    }

    /** The first message {@code which} accepts; fails with everything that did arrive after {@code timeout}. */
    public Received await(Predicate<Received> which, Duration timeout) throws InterruptedException {
        return awaitCount(which, 1, timeout).getFirst();
    }

    /** The first {@code n} messages {@code which} accepts, in arrival order; fails as {@link #await} does. */
    public List<Received> awaitCount(Predicate<Received> which, int n, Duration timeout) throws InterruptedException {
        return messages.awaitCount(which, n, timeout, () -> {
            synchronized (this) {
                return "on " + broker + " (mosquitto_sub said:\n" + String.join("\n", debug) + ")";
            }
        });
    }

    /** Every message so far, in arrival order. */
    public List<Received> all() {
        return messages.all();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
