package org.lowernet.runtime.mesh;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.lowernet.runtime.net.Netns;
import org.lowernet.runtime.net.netlink.NetworkNamespace;
import org.lowernet.runtime.router.NetLab;

/**
 * {@code scripts/benchmark mesh [TRIES] [SIZES]} (root): real daemons with real babeld in namespaces
 * ({@link MeshLab}, babel's hello every {@value MeshLab#HELLO_MS} ms as in the tests), printing
 * <ul>
 * <li>the time from a cable plugged (a switch namespace's ports up while both daemons run) to each node's kernel
 * route to the other's LAN (2 nodes);</li>
 * <li>the outage when the cable in use in a ring of 4 is pulled (its switch's ports down): a DNS query every {@value #PROBE_MS} ms from C's
 * client to the ISP's resolver, the longest gap between its answers;</li>
 * <li>gateway failover with two gateways: the same gap for A's client when A's lease is released (through B),
 * and when A's own uplink is back (udhcpc told to renew);</li>
 * </ul>
 * each over TRIES (default 10) tries, median and p95, beside a floor where one makes sense; and the largest line
 * of nodes these cores run (SIZES, default 2,4,8,12,16,24; it stops early when memory runs short or full reachability
 * takes too long): the time from the daemons' start to every node routing to every other's LAN, and per node the
 * CPU and RSS of babeld and the runtime. Prints numbers; asserts nothing.
 */
public final class MeshBenchmark {

    /** Ping interval of the outage probes: their resolution. */
    static final int PROBE_MS = 20;
    /** The line stops growing when full reachability takes longer than this. */
    static final long REACH_LIMIT_S = 120;
    /** … or when less memory than this is left for the next step. */
    static final long MEMORY_FLOOR_MIB = 1024;

    private MeshBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int tries = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<Integer> sizes = args.length > 1 ? List.of(args[1].split(",")).stream().map(Integer::parseInt).toList()
                : List.of(2, 4, 8, 12, 16, 24);
        // dnsmasq drops to "nobody" and reads files below the lab folders: every folder on the way must be 0755.
        Path folder = Files.createTempDirectory("lowernet-mesh-bench",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try {
            List<Part> parts = List.of(f -> plugged(f, tries), f -> ringCut(f, tries), f -> failover(f, tries),
                    f -> largest(f, sizes));
            for (int i = 0; i < parts.size(); i++) {
                try {
                    parts.get(i).run(Files.createDirectory(folder.resolve("part" + i)));
                } catch (Exception | AssertionError e) {
                    // One part failing says so and leaves the others their numbers.
                    System.out.println("benchmark part " + (i + 1) + " failed: " + e);
                }
            }
        } finally {
            try (var files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One measurement, in a folder of its own. */
    private interface Part {
        void run(Path folder) throws Exception;
    }

    /** Cable plugged → both nodes route to the other's LAN; pulled, and again. */
    static void plugged(Path folder, int tries) throws Exception {
        try (MeshLab lab = MeshLab.create(folder, 2)) {
            Netns sw = lab.cable(0, 1);
            lab.start(0, "");
            lab.start(1, "");
            lab.await(0, "lowernet ready", 0);
            lab.await(1, "lowernet ready", 0);
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < tries; i++) {
                long plugged = System.nanoTime();
                MeshLab.plug(sw, 0, 1, true);
                awaitRoutes(lab, List.of(0, 1), 2, 60);
                times.add(ms(System.nanoTime() - plugged));
                MeshLab.plug(sw, 0, 1, false);
                awaitNoRoute(lab, 0, 1);
                awaitNoRoute(lab, 1, 0);
            }
            print("cable plugged to routes both ways (2 nodes)", times,
                    "floor: babel's hello interval " + MeshLab.HELLO_MS + " ms (a neighbour needs its hellos and IHU)");
        }
    }

    /**
     * Ring of 4, uplink on A, client on C, each link a {@link MeshLab#cable}: the cable C uses pulled (carrier gone on
     * both ends; the interfaces stay, as on a device), the outage measured, the cable plugged in again.
     */
    static void ringCut(Path folder, int tries) throws Exception {
        int a = 0;
        int c = 2;
        try (MeshLab lab = MeshLab.create(folder, 4)) {
            Map<Integer, Netns> cablesOfC = new TreeMap<>();
            for (int i = 0; i < 4; i++) {
                int j = (i + 1) % 4;
                Netns sw = lab.cable(i, j);
                MeshLab.plug(sw, i, j, true);
                if (i == c || j == c) {
                    cablesOfC.put(i == c ? j : i, sw);
                }
            }
            lab.uplink(a);
            for (int i = 0; i < 4; i++) {
                lab.start(i, "");
            }
            lab.await(a, "uplink: up via " + NetLab.ISP, 0);
            String both = ", 2 neighbours fe80::\\S+ cost (?!65535)\\d+ fe80::\\S+ cost (?!65535)\\d+, .*, gateway ";
            lab.awaitView(c, both, 0);
            lab.clientLease(c);
            NetLab.awaitPing(lab.clientOf(c), NetLab.ISP, 30);
            List<Long> outages = new ArrayList<>();
            try (Probe probe = new Probe(lab.clientOf(c), NetLab.ISP)) {
                for (int i = 0; i < tries; i++) {
                    probe.awaitSteady();
                    int via = MeshRingIT.viaNeighbour(lab.nodes.get(c));
                    long cut = System.nanoTime();
                    MeshLab.plug(cablesOfC.get(via), c, via, false);
                    outages.add(probe.outage(cut, 30));
                    int mark = lab.net.lines.size();
                    MeshLab.plug(cablesOfC.get(via), c, via, true);
                    lab.awaitView(c, both, mark);
                }
            }
            print("ring of 4: the cable in use pulled, longest gap in C's client's answers from the WAN target",
                    outages, "floor: the probe's interval " + PROBE_MS + " ms; babel's hello " + MeshLab.HELLO_MS
                    + " ms");
        }
    }

    /** Two gateways A – B, A's client asking the WAN: A's lease released → through B; its lease back → A again. */
    static void failover(Path folder, int tries) throws Exception {
        try (MeshLab lab = MeshLab.create(folder, 2)) {
            lab.link(0, 1);
            lab.uplink(0);
            lab.uplink(1);
            lab.start(0, "");
            lab.start(1, "");
            lab.await(0, "uplink: up via " + NetLab.ISP, 0);
            lab.await(1, "uplink: up via " + NetLab.ISP, 0);
            lab.awaitView(0, ", 1 route in use, gateway self", 0);
            lab.clientLease(0);
            NetLab.awaitPing(lab.clientOf(0), NetLab.ISP, 30);
            List<Long> away = new ArrayList<>();
            List<Long> back = new ArrayList<>();
            try (Probe probe = new Probe(lab.clientOf(0), NetLab.ISP)) {
                for (int i = 0; i < tries; i++) {
                    probe.awaitSteady();
                    int mark = lab.net.lines.size();
                    long released = System.nanoTime();
                    lab.signal(0, "udhcpc", "USR2");
                    away.add(probe.outage(released, 30));
                    // The lease asked for again (udhcpc may already have asked by itself): A's own uplink is back.
                    lab.signal(0, "udhcpc", "USR1");
                    lab.await(0, "uplink: up via " + NetLab.ISP, mark);
                    back.add(probe.outage(System.nanoTime(), 30));
                    lab.awaitView(0, "gateway self", mark);
                }
            }
            print("gateway failover: A's lease released, longest gap in A's client's answers from the WAN", away,
                    "floor: the probe's interval " + PROBE_MS + " ms");
            print("gateway back: A's own uplink back, longest gap in the answers", back,
                    "floor: the probe's interval " + PROBE_MS + " ms");
        }
    }

    /** Lines of growing size: start to full reachability, CPU and RSS per node. */
    static void largest(Path folder, List<Integer> sizes) throws Exception {
        for (int n : sizes) {
            long available = memAvailableMiB();
            if (available < MEMORY_FLOOR_MIB) {
                System.out.printf("line of %d: not tried, %d MiB available (below %d MiB)%n", n, available,
                        MEMORY_FLOOR_MIB);
                return;
            }
            try (MeshLab lab = MeshLab.create(Files.createDirectory(folder.resolve("n" + n)), n)) {
                for (int i = 0; i + 1 < n; i++) {
                    lab.link(i, i + 1);
                }
                List<Integer> all = new ArrayList<>();
                long began = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    lab.start(i, "");
                    all.add(i);
                }
                boolean reached = awaitRoutes(lab, all, n, REACH_LIMIT_S);
                long reach = ms(System.nanoTime() - began);
                if (!reached) {
                    System.out.printf("line of %d: no full reachability within %d s: stop growing%n", n, REACH_LIMIT_S);
                    return;
                }
                // Steady state: CPU over 10 s, RSS at its end.
                List<long[]> before = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    before.add(new long[] {cpuTicks(lab.daemonPid(i)), cpuTicks(babeld(lab, i))});
                }
                long window = System.nanoTime();
                Thread.sleep(10_000);
                double seconds = (System.nanoTime() - window) / 1e9;
                double runtimeCpu = 0;
                double babelCpu = 0;
                long runtimeRss = 0;
                long babelRss = 0;
                for (int i = 0; i < n; i++) {
                    runtimeCpu += (cpuTicks(lab.daemonPid(i)) - before.get(i)[0]) / 100.0 / seconds;
                    babelCpu += (cpuTicks(babeld(lab, i)) - before.get(i)[1]) / 100.0 / seconds;
                    runtimeRss += rssKiB(lab.daemonPid(i));
                    babelRss += rssKiB(babeld(lab, i));
                }
                System.out.printf("line of %d: daemons' start to full reachability (every node routes to every other"
                        + " LAN) %d ms; per node at rest: runtime %.1f %% CPU, %d MiB RSS;"
                        + " babeld %.2f %% CPU, %d KiB RSS; %d MiB left available%n", n, reach,
                        100 * runtimeCpu / n, runtimeRss / n / 1024,
                        100 * babelCpu / n, babelRss / n, memAvailableMiB());
                if (reach > TimeUnit.SECONDS.toMillis(REACH_LIMIT_S)) {
                    return;
                }
            }
        }
    }

    /**
     * Waits (bounded) until every node of {@code nodes} has babel's kernel route to every other's LAN
     * ({@link MeshLab#lanRouter}'s /24) among the first {@code count} nodes; false when it did not in time.
     */
    private static boolean awaitRoutes(MeshLab lab, List<Integer> nodes, int count, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int node : nodes) {
            for (int other = 0; other < count; other++) {
                if (other == node) {
                    continue;
                }
                String prefix = "10.77." + (other + 1) + ".0/24";
                while (!lab.nodes.get(node).ip("route", "show", prefix).contains("proto babel")) {
                    if (System.nanoTime() > deadline) {
                        return false;
                    }
                    Thread.sleep(10);
                }
            }
        }
        return true;
    }

    private static void awaitNoRoute(MeshLab lab, int node, int other) throws Exception {
        NetLab.awaitRoute(lab.nodes.get(node), "10.77." + (other + 1) + ".0/24", "proto babel", false);
    }

    private static long babeld(MeshLab lab, int node) throws Exception {
        List<Long> pids = NetLab.pids(lab.nodes.get(node), "babeld");
        return pids.isEmpty() ? -1 : pids.getFirst();
    }

    /** utime + stime of a process in clock ticks (USER_HZ, 100 on Linux); 0 when it is gone. */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long rssKiB(long pid) {
        return status(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    }

    private static long memAvailableMiB() {
        return status(Path.of("/proc/meminfo"), "MemAvailable:") / 1024;
    }

    /** The kB figure of a /proc line starting with {@code key}; 0 when absent. */
    private static long status(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void print(String what, List<Long> times, String floor) {
        List<Long> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        System.out.printf("%s: median %d ms, p95 %d ms, min %d, max %d over %d tries (%s)%n", what,
                sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1), sorted.getFirst(),
                sorted.getLast(), sorted.size(), floor);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /**
     * A DNS query for target.test to the ISP's resolver every {@value #PROBE_MS} ms from a namespace, each from a new
     * socket: a new flow each time, so that no connection-tracking entry of an old path (the NAT of a gateway gone)
     * outlives a change. The time of every answer is kept.
     */
    private static final class Probe implements AutoCloseable {
        /** Answers after an event that mean traffic flows again: half a second of them. */
        static final int STEADY = 500 / PROBE_MS;
        private static final byte[] QUERY = {0x4c, 0x4e, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
            6, 't', 'a', 'r', 'g', 'e', 't', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1};
        private final List<Long> answers = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean stopped;

        Probe(Netns ns, String server) {
            InetSocketAddress to = new InetSocketAddress(server, 53);
            thread = Thread.ofPlatform().name("probe").daemon().start(() -> {
                try {
                    NetworkNamespace.named(ns.name).call(() -> {
                        while (!stopped) {
                            long sent = System.nanoTime();
                            try (DatagramSocket socket = new DatagramSocket()) {
                                socket.setSoTimeout(PROBE_MS);
                                socket.send(new DatagramPacket(QUERY, QUERY.length, to));
                                socket.receive(new DatagramPacket(new byte[512], 512));
                                answers.add(System.nanoTime());
                            } catch (IOException e) {
                                // No answer in time, or no route: a gap, which is what is measured.
                            }
                            long left = PROBE_MS - ms(System.nanoTime() - sent);
                            if (left > 0) {
                                Thread.sleep(left);
                            }
                        }
                        return null;
                    });
                } catch (Exception e) {
                    System.out.println("the probe failed: " + e);
                }
            });
        }

        /** Waits (bounded: 60 s) until the last {@value #STEADY} answers came within 0.7 s. */
        void awaitSteady() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                long now = System.nanoTime();
                synchronized (answers) {
                    if (answers.stream().filter(t -> now - t < TimeUnit.MILLISECONDS.toNanos(700)).count() >= STEADY) {
                        return;
                    }
                }
                Thread.sleep(PROBE_MS);
            }
            throw new IllegalStateException("the probe got no steady answers within 60 s");
        }

        /**
         * Waits (bounded) until traffic flows steadily after {@code since} ({@value #STEADY} answers later than it);
         * then the longest gap between two answers from the last one before {@code since}: the outage plus one
         * probe interval.
         */
        long outage(long since, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                List<Long> seen;
                synchronized (answers) {
                    seen = List.copyOf(answers);
                }
                if (seen.stream().filter(t -> t > since).count() >= STEADY) {
                    long previous = seen.stream().filter(t -> t <= since).reduce((x, y) -> y).orElse(since);
                    long worst = 0;
                    for (long t : seen) {
                        if (t > since) {
                            worst = Math.max(worst, t - previous);
                            previous = t;
                        }
                    }
                    return ms(worst);
                }
                Thread.sleep(PROBE_MS);
            }
            throw new IllegalStateException("traffic did not flow again within " + seconds + " s");
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
