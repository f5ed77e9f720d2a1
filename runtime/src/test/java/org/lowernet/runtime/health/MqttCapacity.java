package org.lowernet.runtime.health;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * How many nodes one mosquitto on this machine takes at a 30 s interval. Each simulated node is a real Paho
 * connection (clean session, keepalive 30 s, a retained Last Will, then retained online and nodeinfo, as the
 * {@link HealthReporter} does). Time is compressed: a step does not wait 30 s for every node but publishes,
 * for {@link #PUBLISH_SECONDS}, at the rate N nodes produce (N/30 per second), spread evenly over the nodes.
 * One subscriber on {@code lowernet/bench/+/statistics} counts what arrives and the latency (a nanoTime stamp
 * in the payload). A step fails on a refused or lost connection, &lt; 99 % delivered or p99 latency &gt; 1 s.
 */
final class MqttCapacity {

    private static final int[] STEPS = {100, 250, 500, 1000, 2000, 4000, 8000, 16_000, 32_000};
    private static final long BUDGET_NANOS = TimeUnit.MINUTES.toNanos(3);
    private static final int PUBLISH_SECONDS = 10;
    private static final long DRAIN_MILLIS = 5_000;
    private static final long CONNECT_MILLIS = 60_000;
    private static final double MIN_DELIVERED = 0.99;
    private static final long MAX_P99_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** File descriptors the JVM keeps besides one socket per node (jars, the broker's pipes, the subscriber). */
    private static final long SPARE_FDS = 200;
    /** Linux USER_HZ: the unit of utime and stime in /proc/PID/stat (proc(5)); 100 on x86 and arm64. */
    private static final double USER_HZ = 100;

    private MqttCapacity() {
    }

    static void run(int maxNodes) throws Exception {
        long started = System.nanoTime();
        long fds = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        System.out.printf("capacity of one mosquitto on 127.0.0.1 (%d CPUs here, file-descriptor limit %d for this"
                + " JVM and the broker it starts): each node a Paho MqttAsyncClient on virtual threads (Paho's"
                + " executor), QoS 1, clean session, keepalive %d s, a Last Will; time compressed to %d s per step"
                + " at N/%d messages/s%n", Runtime.getRuntime().availableProcessors(), fds,
                MqttBenchmark.INTERVAL_SECONDS, PUBLISH_SECONDS, MqttBenchmark.INTERVAL_SECONDS);
        Path work = Files.createTempDirectory("lowernet-mqtt-bench");
        // Virtual threads carry each client's receiver, sender and callback: 3 platform threads per client
        // would limit the simulation before the broker. The core size only bounds how many can exist at once.
        ScheduledThreadPoolExecutor paho = new ScheduledThreadPoolExecutor(Integer.MAX_VALUE,
                Thread.ofVirtual().name("paho-", 0).factory());
        List<BenchNode> nodes = new ArrayList<>();
        int passed = 0;
        String limit = "MAX_NODES=" + maxNodes + ": no broker limit reached";
        try (Mosquitto broker = Mosquitto.start(work.resolve("broker"), Mosquitto.Options.plain());
             StatisticsSubscriber subscriber = StatisticsSubscriber.connect(broker.url(),
                     MqttBenchmark.PREFIX + "/+/statistics")) {
            ProcessHandle mosquitto = ProcessHandle.current().children()
                    .filter(p -> p.info().command().orElse("").endsWith("/mosquitto")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no mosquitto child process of this JVM"));
            long idleRss = rssKib(mosquitto);
            System.out.printf("  broker: %s, pid %d, RSS %d KiB before any node (the fixture logs every packet:"
                    + " log_type all)%n", broker.url(), mosquitto.pid(), idleRss);
            for (int step : IntStream.concat(IntStream.of(STEPS).filter(s -> s < maxNodes), IntStream.of(maxNodes))
                    .toArray()) {
                if (step + SPARE_FDS > fds) {
                    limit = "the file-descriptor limit: ulimit -n " + fds;
                    break;
                }
                // Connecting took 5-8 ms per new node here (2 shared cores), most of it this JVM's side.
                long estimate = TimeUnit.SECONDS.toNanos(PUBLISH_SECONDS + 2)
                        + TimeUnit.MILLISECONDS.toNanos(8L * (step - nodes.size()));
                if (System.nanoTime() - started + estimate > BUDGET_NANOS) {
                    limit = "the benchmark's time budget of " + TimeUnit.NANOSECONDS.toMinutes(BUDGET_NANOS) + " min";
                    break;
                }
                String failure = step(broker.url(), paho, nodes, step, subscriber, mosquitto, idleRss);
                if (failure != null) {
                    limit = failure + " at " + step + " nodes";
                    break;
                }
                passed = step;
            }
        } finally {
            paho.shutdownNow();
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.printf("one mosquitto here takes at least %d nodes at a %d s interval (limited by %s)%n", passed,
                MqttBenchmark.INTERVAL_SECONDS, limit);
    }

    /** Grows to {@code count} nodes, publishes one compressed round; returns why the step failed, or null. */
    private static String step(String url, ScheduledThreadPoolExecutor paho, List<BenchNode> nodes, int count,
                               StatisticsSubscriber subscriber, ProcessHandle mosquitto, long idleRss) throws Exception {
        long connectStart = System.nanoTime();
        int before = nodes.size();
        String refused = BenchNode.connectAll(url, before, count, paho, nodes, CONNECT_MILLIS);
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        if (refused != null) {
            return "connections refused (" + refused + ")";
        }
        int expected = count * PUBLISH_SECONDS / MqttBenchmark.INTERVAL_SECONDS;
        long period = TimeUnit.SECONDS.toNanos(MqttBenchmark.INTERVAL_SECONDS) / count;
        subscriber.begin(count, expected);
        long brokerCpu = cpuTicks(mosquitto);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long jvmCpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        long behind = 0;
        int errors = 0;
        int size = 0;
        for (int k = 0; k < expected; k++) {
            long due = start + k * period;
            LockSupport.parkNanos(due - System.nanoTime());
            behind = Math.max(behind, System.nanoTime() - due);
            // Starting at the new nodes, so over the steps every node publishes.
            int sent = nodes.get((k + before) % count).publish(count);
            if (sent < 0) {
                errors++;
            } else {
                size = sent;
            }
        }
        subscriber.awaitCount(expected, DRAIN_MILLIS);
        long end = System.nanoTime();
        double seconds = (end - start) / 1e9;
        StatisticsSubscriber.Result result = subscriber.result();
        long lost = nodes.stream().filter(BenchNode::lost).count();
        long rss = rssKib(mosquitto);
        System.out.printf("  %5d nodes: %d new connections in %.1f s; %d messages at %.1f/s (%d B each, publisher"
                        + " at most %d ms behind, %d publish errors): delivered %d/%d (%.1f %%), latency median %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms; broker RSS %d KiB (%.1f KiB per node), broker CPU %.1f %%,"
                        + " this JVM CPU %.0f %%, %d connections lost%n", count, count - before, connectSeconds,
                expected, count / (double) MqttBenchmark.INTERVAL_SECONDS, size,
                TimeUnit.NANOSECONDS.toMillis(behind), errors, result.delivered(), expected,
                100.0 * result.delivered() / expected, result.medianNanos() / 1e6, result.p99Nanos() / 1e6,
                result.maxNanos() / 1e6, rss, (rss - idleRss) / (double) count, 100 * (cpuTicks(mosquitto) - brokerCpu) / USER_HZ / seconds,
                100 * (os.getProcessCpuTime() - jvmCpu) / 1e9 / seconds, lost);
        if (lost > 0) {
            return lost + " connections lost";
        }
        if (result.delivered() < MIN_DELIVERED * expected) {
            return "delivery: " + result.delivered() + " of " + expected + " messages arrived";
        }
        if (result.p99Nanos() > MAX_P99_NANOS) {
            return "latency: p99 " + result.p99Nanos() / 1_000_000 + " ms";
        }
        return null;
    }

    /** Resident memory of the broker in KiB, as ps -o rss shows it (VmRSS of /proc/PID/status). */
    private static long rssKib(ProcessHandle process) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).strip().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("/proc/" + process.pid() + "/status has no VmRSS line");
    }

    /** utime + stime of /proc/PID/stat (fields 14 and 15, counted after the parenthesised command name). */
    private static long cpuTicks(ProcessHandle process) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"), StandardCharsets.UTF_8);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** MQTT 3.1.1, clean session, no automatic reconnect: as the reporter connects. */
    static MqttConnectOptions options(int keepaliveSeconds) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setKeepAliveInterval(keepaliveSeconds);
        options.setConnectionTimeout(10);
        return options;
    }
}
