package org.lowernet.runtime.router;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/benchmark router [MiB]}: the router on the host ({@link RouterLab}, root), printing the time
 * from the daemon's start to {@code lowernet ready}, to the WAN lease and to the first LAN lease, and the
 * LAN-to-WAN TCP throughput through the router namespace (forwarding, conntrack, masquerade).
 * Prints numbers; asserts nothing.
 */
public final class RouterBenchmark {

    private RouterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mebibytes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Path folder = Files.createTempDirectory("lowernet-router-bench");
        try (RouterLab lab = RouterLab.create(folder)) {
            lab.startIsp();
            long start = System.nanoTime();
            lab.startDaemon(RouterIT.CONFIG);
            lab.await("daemon| lowernet ready", 0);
            long ready = System.nanoTime();
            lab.await("daemon| uplink: up via", 0);
            long uplink = System.nanoTime();
            lab.clientLease("");
            long lease = System.nanoTime();
            System.out.printf("router on the host: daemon start to lowernet ready %d ms, to the WAN lease %d ms,"
                    + " ready to the first LAN lease %d ms%n", ms(ready - start), ms(uplink - start), ms(lease - ready));

            // The sink counts what arrives (wc -c on the connection) and sends the count back to the sender.
            Thread sink = Thread.ofPlatform().start(() -> {
                try {
                    NetLab.exec(lab.wan, 300, "busybox", "nc", "-l", "-p", "9100", "-e", "/usr/bin/wc", "-c");
                } catch (Exception e) {
                    System.out.println("the WAN sink failed: " + e);
                }
            });
            Thread.sleep(300);
            long began = System.nanoTime();
            NetLab.Result sent = NetLab.exec(lab.lan, 300, "sh", "-c", "dd if=/dev/zero bs=1M count=" + mebibytes
                    + " 2>/dev/null | busybox nc " + RouterLab.ISP + " 9100");
            long took = System.nanoTime() - began;
            sink.join(TimeUnit.SECONDS.toMillis(30));
            long expected = mebibytes * 1048576L;
            if (sent.code() != 0 || !sent.output().strip().equals(Long.toString(expected))) {
                System.out.println("the transfer failed: " + sent + "; expected " + expected + " bytes to arrive");
                return;
            }
            double seconds = took / 1e9;
            System.out.printf("LAN to WAN TCP through the router namespace (busybox nc, %d MiB): %.2f s, %.0f MiB/s"
                    + " (%.2f Gbit/s)%n", mebibytes, seconds, mebibytes / seconds, mebibytes * 8 * 1.048576 / 1000 / seconds);
        } finally {
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
