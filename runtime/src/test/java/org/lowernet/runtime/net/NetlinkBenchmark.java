package org.lowernet.runtime.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.lowernet.runtime.Percentile;
import org.lowernet.runtime.ip.Cidr;

/**
 * Not a test: prints the time to dump 1,000 links and the event-to-reconcile latency (root, iproute2).
 * Run: {@code java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes:DEPS
 * org.lowernet.runtime.net.NetlinkBenchmark [drifts]}.
 */
public final class NetlinkBenchmark {

    private static final int LINKS = 1000;
    private static final int DUMPS = 30;

    private NetlinkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int drifts = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        try (Netns ns = Netns.create()) {
            // 500 veth pairs = 1,000 links; the batch keeps process start-up out of the setup time.
            Path batch = Files.createTempFile("netlink-benchmark", ".batch");
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < LINKS / 2; i++) {
                lines.add("link add a" + i + " type veth peer name b" + i);
            }
            Files.write(batch, lines);
            ns.ip("-batch", batch.toString());
            Files.delete(batch);
            ns.addStandalone("lan0");
            try (Rtnetlink rt = Rtnetlink.open(ns.namespace)) {
                long[] dump = new long[DUMPS];
                int count = 0;
                for (int i = -5; i < DUMPS; i++) { // 5 warm-up rounds for the JIT
                    long start = System.nanoTime();
                    count = rt.links().list().size();
                    if (i >= 0) {
                        dump[i] = System.nanoTime() - start;
                    }
                }
                System.out.printf("dump of %d links: median %.2f ms, p99 %.2f ms, min %.2f ms (%d runs)%n",
                        count, ms(Percentile.of(dump, 50)), ms(Percentile.of(dump, 99)), ms(Percentile.of(dump, 0)), DUMPS);
                latency(ns, rt, drifts);
            }
        }
    }

    /** Sets lan0 down through another socket and times until the reconciler's pass that set it up again. */
    private static void latency(Netns ns, Rtnetlink rt, int drifts) throws Exception {
        DesiredState desired = new DesiredState(List.of(new DesiredInterface("lan0", true, Optional.empty(),
                Set.of(Cidr.parse("198.51.100.1/24")))), List.of());
        // Queued, not handed over: a pass can repair the drift before this thread is back to wait for it.
        BlockingQueue<Long> repaired = new LinkedBlockingQueue<>();
        try (Rtnetlink reconcilerSide = Rtnetlink.open(ns.namespace);
             NetworkState state = NetworkState.open(reconcilerSide);
             Reconciler reconciler = new Reconciler(state, desired)) {
            reconciler.start();
            reconciler.onPass(result -> {
                if (result.changes() > 0) {
                    repaired.offer(System.nanoTime());
                }
            });
            long[] latency = new long[drifts];
            for (int i = 0; i < drifts; i++) {
                Link lan = rt.links().get("lan0").orElseThrow();
                repaired.clear();
                long start = System.nanoTime();
                rt.links().setUp(lan, false);
                Long end = repaired.poll(2, TimeUnit.SECONDS);
                if (end == null) {
                    throw new IllegalStateException("drift " + i + " was not repaired within 2 s");
                }
                latency[i] = end - start;
                Thread.sleep(10); // let the trailing no-op pass settle
            }
            System.out.printf("event-to-reconcile latency over %d drifts (link set down -> pass that set it up):"
                            + " median %.2f ms, p99 %.2f ms, max %.2f ms (coalescing window %d ms)%n", drifts,
                    ms(Percentile.of(latency, 50)), ms(Percentile.of(latency, 99)), ms(Percentile.of(latency, 100)),
                    Reconciler.COALESCE.toMillis());
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
