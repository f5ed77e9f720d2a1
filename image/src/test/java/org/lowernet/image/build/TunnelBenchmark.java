package org.lowernet.image.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.lowernet.image.HostTools;
import org.lowernet.image.jre.JreLinker;

/**
 * {@code scripts/benchmark tunnel [SECONDS]}: the two islands of {@link TunnelIslands}, each of one router (the built
 * image on QEMU virt twice, netlab's Internet and NAT between them; no third VM on the CPU). TCP throughput (iperf3,
 * SECONDS each, default 10) from A's LAN client to B's LAN client across the tunnel, beside the same VMs' path without
 * it: A's client to the NAT's outside address (A forwards and masquerades in clear; the tunnel adds WireGuard on A, the
 * NAT, and B's decrypting and forwarding), as a ratio; the CPU the two QEMU processes spend per Mbit moved (their
 * {@code /proc/PID/stat} utime + stime across each run, so TCG's cost of emulating the guests' work counts; a host core
 * is 100 %); and the handshake time: B power-cut and booted again, its "lowernet ready" to the first packet from A's
 * client reaching B's client (polled every 100 ms). Needs root. Prints numbers; asserts nothing.
 *
 * <p>Read the ratio with QEMU in mind: without the tunnel, TCP's 64 KiB segments (GSO) pass through virtio and the
 * guest's forwarding whole, while WireGuard encrypts every ~1,420-byte packet in emulated arm64 (TCG). Measured
 * on a 2-core host (2026-12-02): 24 Mbit/s across the tunnel against 3,767 Mbit/s without it (ratio 0.01), 0.079
 * CPU seconds per Mbit against 0.0003, handshake 5.6 s after B's ready. A Pi encrypts natively (NEON), so its
 * numbers are for real hardware to give.
 */
final class TunnelBenchmark {

    private static final Pattern RECEIVED = Pattern.compile(
            "\"sum_received\"\\s*:\\s*\\{[^}]*\"bytes\"\\s*:\\s*(\\d+)[^}]*\"bits_per_second\"\\s*:\\s*([0-9.e+]+)");
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    private final TunnelIslands islands;
    private final TunnelIslands.Clients clients;
    private final Path work;

    private TunnelBenchmark(TunnelIslands islands, TunnelIslands.Clients clients, Path work) {
        this.islands = islands;
        this.clients = clients;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: TunnelBenchmark IMAGE [SECONDS]");
            System.exit(2);
        }
        Path image = Path.of(args[0]).toAbsolutePath();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        DataCards.requireHost("iperf3");
        Path work = Files.createTempDirectory("lowernet-tunnel-benchmark");
        try {
            HostTools.sh(work, RouterQemuIT.NETLAB + " up --router qemu --tunnel-peer");
            try (TunnelIslands islands = TunnelIslands.start(image, work, List.of(), List.of(),
                    TunnelIslands.IslandB.ONE_ROUTER)) {
                TunnelIslands.Clients clients = TunnelIslands.lease(work);
                new TunnelBenchmark(islands, clients, work).run(seconds);
            }
        } finally {
            HostTools.sh(work, RouterQemuIT.NETLAB + " down");
            JreLinker.deleteRecursively(work);
        }
    }

    private void run(int seconds) throws Exception {
        String across = "ip netns exec lnlan busybox ping -c 1 -W 1 " + clients.b();
        TunnelIslands.secondsUntil(across, Duration.ofMillis(500), Duration.ofSeconds(120))
                .orElseThrow(() -> new IllegalStateException("the tunnel did not come up within 120 s"));
        Run tunnel = iperf("lnpeer", clients.b(), seconds);
        Run plain = iperf("lnnat", TunnelIslands.NAT_OUTSIDE, seconds);
        islands.rebootB();
        double handshake = TunnelIslands.secondsUntil(across, Duration.ofMillis(100), Duration.ofSeconds(120))
                .map(s -> (System.nanoTime() - islands.bReadyNanos()) / 1e9)
                .orElseThrow(() -> new IllegalStateException("no packet across within 120 s of B's reboot"));
        System.out.printf(Locale.ROOT, "tunnel benchmark: across the tunnel (A's client -> B's client) %.1f Mbit/s;"
                + " without it (A's client -> the NAT's outside, same VMs) %.1f Mbit/s; ratio %.2f%n",
                tunnel.mbits(), plain.mbits(), tunnel.mbits() / plain.mbits());
        System.out.printf(Locale.ROOT, "tunnel benchmark: CPU of both QEMU processes per Mbit moved: tunnel %.4f s"
                + " (%.1f %% of a host core per Mbit/s), without it %.4f s (%.1f %%)%n", tunnel.cpuPerMbit(),
                100 * tunnel.cpuPerMbit(), plain.cpuPerMbit(), 100 * plain.cpuPerMbit());
        System.out.printf(Locale.ROOT, "tunnel benchmark: handshake: B's lowernet ready -> first packet from A's"
                + " client at B's client %.1f s (B power-cut and booted again, A up)%n", handshake);
    }

    /** One iperf3 run: Mbit/s received, and the QEMU processes' CPU seconds per Mbit moved. */
    private record Run(double mbits, double cpuPerMbit) {
    }

    /** iperf3 from A's client (lnlan) to a server in {@code namespace} at {@code address}, {@code seconds} long. */
    private Run iperf(String namespace, String address, int seconds) throws Exception {
        Process server = new ProcessBuilder("ip", "netns", "exec", namespace, "iperf3", "-s", "-1", "-B", address)
                .redirectErrorStream(true).redirectOutput(work.resolve("iperf3-" + namespace + ".log").toFile()).start();
        try {
            HostTools.Result client = null;
            double cpuBefore = 0;
            long began = 0;
            for (int attempt = 0; attempt < 20; attempt++) { // until the server listens
                cpuBefore = qemuCpuSeconds();
                began = System.nanoTime();
                client = HostTools.run(List.of("ip", "netns", "exec", "lnlan", "iperf3", "-J", "-c", address,
                        "-t", Integer.toString(seconds)));
                if (client.exitCode() == 0) {
                    break;
                }
                Thread.sleep(250);
            }
            double cpu = qemuCpuSeconds() - cpuBefore;
            if (client == null || client.exitCode() != 0) {
                throw new IllegalStateException("iperf3 to " + address + " failed: " + client);
            }
            Matcher m = RECEIVED.matcher(client.out());
            if (!m.find()) {
                throw new IllegalStateException("no sum_received in iperf3's output: " + client.out());
            }
            double mbitMoved = Long.parseLong(m.group(1)) * 8 / 1e6;
            System.out.printf(Locale.ROOT, "tunnel benchmark: iperf3 to %s (%s): %.0f Mbit in %.1f s, QEMU CPU %.1f s%n",
                    address, namespace, mbitMoved, (System.nanoTime() - began) / 1e9, cpu);
            return new Run(Double.parseDouble(m.group(2)) / 1e6, cpu / mbitMoved);
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** utime + stime of both QEMU processes and their descendants, in seconds. */
    private double qemuCpuSeconds() throws IOException {
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessHandle qemu : List.of(islands.aVm().process(), islands.bVm().process())) {
            all.add(qemu);
            try (Stream<ProcessHandle> descendants = qemu.descendants()) {
                descendants.forEach(all::add);
            }
        }
        long ticks = 0;
        for (ProcessHandle process : all) {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return (double) ticks / CLOCK_TICKS;
    }
}
