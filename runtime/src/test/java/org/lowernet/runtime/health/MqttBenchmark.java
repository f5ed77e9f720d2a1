package org.lowernet.runtime.health;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.lowernet.runtime.Percentile;
import org.lowernet.runtime.config.Location;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.net.InterfaceReport;
import org.lowernet.runtime.net.Link;
import org.lowernet.runtime.net.NetSnapshot;
import org.lowernet.runtime.net.Rtnetlink;

/**
 * {@code scripts/benchmark mqtt [MAX_NODES]}: the sizes of the health messages as published, the CPU cost of one
 * statistics round as the device does it (on this host), and how many simulated nodes one mosquitto on this
 * machine takes at a 30 s interval ({@link MqttCapacity}). Prints numbers; asserts nothing.
 */
public final class MqttBenchmark {

    static final int INTERVAL_SECONDS = 30;
    static final String PREFIX = "lowernet/bench";
    private static final int WARMUP_ROUNDS = 500;
    private static final int ROUNDS = 2000;
    /** A fixed moment, so the sizes printed do not depend on the clock's digits. */
    private static final Instant TIME = Instant.parse("2025-06-01T12:00:30.123Z");
    /** Interfaces of a larger node, in report order: name, role, present, addresses. */
    private static final List<InterfaceReport> EIGHT = List.of(
            report("eth0", "wan", "192.0.2.17/24", "2001:db8:0:17::2/64"),
            report("eth1", "lan", "10.17.0.1/24", "2001:db8:17::1/64"),
            report("wlan0", "lan", "10.17.1.1/24"),
            report("eth2", "lan", "10.17.2.1/24"),
            report("bat0", "mesh", "10.200.17.1/16", "fd00:200::17/64"),
            report("mesh0", "mesh"),
            report("wg0", "wan", "10.99.0.17/32"),
            new InterfaceReport("usb0", "off", false, false, false, Optional.empty(), List.of(), 0, 0));

    private MqttBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int maxNodes = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        sizes();
        statisticsRound();
        MqttCapacity.run(maxNodes);
    }

    /** The retained nodeinfo of simulated node {@code index}. */
    static NodeInfo nodeInfo(int index) {
        String mac = String.format("b8:27:eb:%02x:%02x:%02x", (index >> 16) & 0xff, (index >> 8) & 0xff, index & 0xff);
        return new NodeInfo(NodeInfo.nodeId(Optional.of(mac), "bench-" + index), "bench-" + index, "riverside",
                "Raspberry Pi 3 Model B Plus Rev 1.3", "0.1.0", "6.12.48+deb13-arm64", Optional.of(mac),
                List.of("192.0.2.17", "10.17.0.1", "2001:db8:17::1"), Optional.of(new Location(52.520008, 13.404954)),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of("10.17.0.0/24"), Optional.empty(),
                Optional.empty());
    }

    /** A realistic statistics message of a node with the first {@code interfaces} of eight interfaces. */
    static Statistics statistics(String nodeId, int interfaces) {
        return new Statistics(nodeId, TIME, 2880, 86_417.32, new ProcReadings.Load(0.08, 0.05, 0.01, 1, 117),
                new ProcReadings.Memory(944_056, 611_340, 780_112), OptionalDouble.of(48.312), 23,
                EIGHT.subList(0, interfaces), "online", 9_437_184, 16_777_216, 67_108_864, 58_720_256,
                true, new Statistics.MqttCounters(0, 0, 1), Optional.empty(),
                List.of());
    }

    private static InterfaceReport report(String name, String role, String... addresses) {
        return new InterfaceReport(name, role, true, true, true, Optional.of("b8:27:eb:00:00:" + name.length() + "0"),
                List.of(addresses), 8_123_456_789L, 1_234_567_890L);
    }

    private static void sizes() {
        NodeInfo node = nodeInfo(17);
        Topics topics = new Topics(PREFIX, node.hostname());
        int nodeinfo = bytes(node.toJson().toString());
        int two = bytes(statistics(node.nodeId(), 2).toJson().toString());
        int eight = bytes(statistics(node.nodeId(), 8).toJson().toString());
        int event = bytes(EventMessage.toJson(node.nodeId(), 42, new Event(TIME, EventType.LINK_DOWN,
                Map.of("interface", "eth1"))).toString());
        HomeAssistant.Sensor sensor = HomeAssistant.SENSORS.get(3);
        int discovery = bytes(HomeAssistant.config(node, topics, sensor).toString());
        int allDiscovery = HomeAssistant.SENSORS.stream()
                .mapToInt(s -> bytes(HomeAssistant.config(node, topics, s).toString())).sum();
        System.out.println("message sizes (JSON payload as published, bytes):");
        System.out.printf("  nodeinfo (retained, per connection):     %5d%n", nodeinfo);
        System.out.printf("  statistics, 2 interfaces:                %5d%n", two);
        System.out.printf("  statistics, 8 interfaces:                %5d%n", eight);
        System.out.printf("  event link_down:                         %5d%n", event);
        System.out.printf("  Home Assistant config (%s):  %5d   (all %d sensors: %d, retained, per connection)%n",
                sensor.id(), discovery, HomeAssistant.SENSORS.size(), allDiscovery);
        int perHour = 3600 / INTERVAL_SECONDS;
        System.out.printf("  per node and hour at a %d s interval (%d statistics): payload %.1f KiB (2 interfaces),"
                        + " %.1f KiB (8); with MQTT framing and PUBACK %.1f KiB / %.1f KiB (TCP/IP headers and"
                        + " keepalive pings not counted)%n", INTERVAL_SECONDS, perHour,
                perHour * two / 1024.0, perHour * eight / 1024.0,
                perHour * framed(topics.statistics(), two) / 1024.0, perHour * framed(topics.statistics(), eight) / 1024.0);
    }

    /** A QoS 1 PUBLISH (fixed header, topic, packet id, payload) plus its 4-byte PUBACK (MQTT 3.1.1, 3.3 and 3.4). */
    private static int framed(String topic, int payload) {
        int remaining = 2 + bytes(topic) + 2 + payload;
        int lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : 3;
        return 1 + lengthBytes + remaining + 4;
    }

    /** One round as HealthSubsystem does it: /proc, one rtnetlink read, the lease file, Statistics, its JSON. */
    private static void statisticsRound() throws Exception {
        ProcReadings proc = new ProcReadings(Path.of("/"));
        Path leases = Files.createTempFile("mqtt-benchmark", ".leases");
        StringBuilder leaseText = new StringBuilder();
        for (int i = 0; i < 23; i++) {
            leaseText.append(1_748_780_000 + i).append(" 02:00:00:00:00:").append(String.format("%02x", i))
                    .append(" 10.17.0.").append(100 + i).append(" client-").append(i).append(" 01:02:00:00:00:00:")
                    .append(String.format("%02x", i)).append('\n');
        }
        Files.writeString(leases, leaseText);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[ROUNDS];
        long[] wall = new long[ROUNDS];
        int size = 0;
        Map<String, String> roles = new LinkedHashMap<>();
        try (Rtnetlink rtnetlink = Rtnetlink.open()) {
            // Two of the host's links play wan and lan, those with a carrier first; the read dumps all links
            // and addresses either way.
            List<String> names = rtnetlink.links().list().stream().filter(l -> !l.name().equals("lo"))
                    .sorted(Comparator.comparing(l -> !l.isLowerUp())).map(Link::name).toList();
            roles.put(names.isEmpty() ? "lo" : names.getFirst(), "wan");
            roles.put(names.size() > 1 ? names.get(1) : "lo", "lan");
            Runtime runtime = Runtime.getRuntime();
            for (int i = -WARMUP_ROUNDS; i < ROUNDS; i++) {
                long startCpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                Statistics statistics = new Statistics("b827eb000011", Instant.now(), i, proc.uptimeSeconds(),
                        proc.load(), proc.memory(), proc.temperatureCelsius(), ProcReadings.leaseCount(leases),
                        InterfaceReport.of(NetSnapshot.read(rtnetlink), roles), "online", runtime.totalMemory() - runtime.freeMemory(),
                        runtime.totalMemory(), runtime.maxMemory(), proc.residentBytes(), true, new Statistics.MqttCounters(0, 0, 0),
                        Optional.empty(), List.of());
                size = statistics.toJson().toString().getBytes(StandardCharsets.UTF_8).length;
                if (i >= 0) {
                    wall[i] = System.nanoTime() - start;
                    cpu[i] = threads.getCurrentThreadCpuTime() - startCpu;
                }
            }
        } finally {
            Files.delete(leases);
        }
        System.out.printf("one statistics round on this x86 HOST (/proc, lease file, InterfaceReport of a NetSnapshot.read of %s over"
                        + " rtnetlink, Statistics, JSON of %d bytes), %d rounds after %d warm-up:%n",
                roles.keySet(), size, ROUNDS, WARMUP_ROUNDS);
        System.out.printf("  thread CPU median %.0f us, p99 %.0f us; wall median %.0f us, p99 %.0f us"
                        + " (a Pi 3 is roughly 5-10x slower: 10x the host's p99 once per %d s is %.3f %% of one core)%n",
                micros(Percentile.of(cpu, 50)), micros(Percentile.of(cpu, 99)), micros(Percentile.of(wall, 50)),
                micros(Percentile.of(wall, 99)), INTERVAL_SECONDS, 10 * Percentile.of(cpu, 99) / (INTERVAL_SECONDS * 1e9) * 100);
    }

    private static double micros(long nanos) {
        return nanos / 1e3;
    }

    static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
