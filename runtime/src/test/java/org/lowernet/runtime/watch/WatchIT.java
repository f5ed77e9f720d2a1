package org.lowernet.runtime.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.health.Mosquitto;
import org.lowernet.runtime.health.MqttProbe;

/**
 * {@code lowernet watch} in-process against a real mosquitto on 127.0.0.1, with simulated nodes whose deaths
 * the broker announces through their Last Will.
 */
class WatchIT {

    private static final String PREFIX = "lowernet/riverside";
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path folder;

    private record Outcome(int code, String out, String err) {

        /** The last snapshot: from its "--- " header line to the end. */
        String lastSnapshot() {
            int start = out.lastIndexOf("--- ");
            return start < 0 ? "" : out.substring(start);
        }
    }

    @FunctionalInterface
    private interface During {
        void run(ByteArrayOutputStream out) throws Exception;
    }

    /** Runs the watch on another thread, {@code during} meanwhile with its output so far, and waits for the end. */
    private static Outcome watch(List<String> args, During during) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> code = thread.submit(() -> Watch.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), false));
            during.run(out);
            return new Outcome(code.get(30, TimeUnit.SECONDS), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            thread.shutdownNow();
        }
    }

    private static void awaitOutput(ByteArrayOutputStream out, String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!out.toString(StandardCharsets.UTF_8).contains(text)) {
            if (System.nanoTime() > deadline) {
                fail("waited " + WAIT + " for '" + text + "' in the watch's output:\n" + out.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
    }

    @Test
    void twoNodesOneDiesAndTheLastSnapshotShowsItOffline() throws Exception {
        try (Mosquitto broker = Mosquitto.start(folder, Mosquitto.Options.plain());
                SimulatedNode a = new SimulatedNode(broker.url(), PREFIX, "node-a");
                SimulatedNode b = new SimulatedNode(broker.url(), PREFIX, "node-b")) {
            a.birth("0.1.0");
            b.birth("0.0.9");
            long started = System.nanoTime();
            Outcome outcome = watch(List.of("--broker", broker.url(), "--site", "riverside", "--for", "8s"), out -> {
                awaitOutput(out, "2 nodes (2 online, 0 offline)");
                // Statistics are not retained: only those sent while the watch listens count.
                Instant now = Instant.now();
                a.statistics(1, now.minusSeconds(30), 3 * 3600 + 60, 4);
                b.statistics(1, now.minusSeconds(30), 300, 2);
                awaitOutput(out, "  2  up 198.51.100.2  0.0.9");
                a.statistics(2, now, 3 * 3600 + 90, 5);
                b.die();
                awaitOutput(out, "2 nodes (1 online, 1 offline)");
            });
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(0, outcome.code(), outcome.err());
            assertEquals("", outcome.err());
            assertTrue(tookMillis >= 8000 && tookMillis < 15_000, "--for 8s took " + tookMillis + " ms");
            assertTrue(outcome.out().startsWith("lowernet watch: lowernet/riverside/+/status"
                    + " lowernet/riverside/+/nodeinfo lowernet/riverside/+/statistics at " + broker.url() + "\n"),
                    outcome.out());
            List<String> last = outcome.lastSnapshot().lines().toList();
            assertEquals(4, last.size(), outcome.out());
            assertTrue(last.get(0).matches("--- \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ, 2 nodes \\(1 online, 1 offline\\)"),
                    last.get(0));
            assertEquals("NODE    STATUS   LAST SEEN  UPTIME  LOAD  CLIENTS  UPLINK           VERSION", last.get(1));
            // B first: offline sorts to the top. Its will came live, and counts as the last word about B.
            assertTrue(last.get(2).matches("node-b  offline  \\ds ago     5m      0\\.50        2  up 198\\.51\\.100\\.2  0\\.0\\.9"),
                    last.get(2));
            assertTrue(last.get(3).matches("node-a  online   \\ds ago     3h 1m   0\\.50        5  up 198\\.51\\.100\\.2  0\\.1\\.0"),
                    last.get(3));
            // The independent witness: the broker itself now keeps B's will as B's retained status.
            try (MqttProbe probe = MqttProbe.connect(broker.url(), MqttProbe.Options.anonymous())) {
                probe.subscribe(PREFIX + "/node-b/status");
                assertEquals("offline", probe.await(m -> m.retained(), WAIT).payload());
            }
        }
    }

    @Test
    void anUnreachableBrokerIsOneLineNamingItAndExitOne() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "tcp://127.0.0.1:" + port;
        Outcome outcome = watch(List.of("--broker", url, "--for", "5s"), out -> { });
        assertEquals(1, outcome.code());
        assertEquals("", outcome.out());
        assertEquals(1, outcome.err().lines().count(), outcome.err());
        assertTrue(outcome.err().startsWith("lowernet watch: cannot watch " + url + ": "), outcome.err());
        assertTrue(outcome.err().contains("Connection refused"), outcome.err());
    }

    @Test
    void aWrongPasswordIsRefusedClearlyAndTheRightOneWatches() throws Exception {
        try (Mosquitto broker = Mosquitto.start(folder.resolve("broker"),
                Mosquitto.Options.plain().withUsers(Map.of("volunteer", "correct-horse")))) {
            Path wrong = Files.writeString(folder.resolve("wrong"), "battery-staple\n");
            Outcome refused = watch(List.of("--broker", broker.url(), "--site", "riverside", "--username", "volunteer",
                    "--password-file", wrong.toString()), out -> { });
            assertEquals(1, refused.code());
            // mosquitto 2.0.11 answers a wrong password with CONNACK 5, not authorised.
            assertEquals("lowernet watch: cannot watch " + broker.url() + ": the broker refused the login of user"
                    + " 'volunteer' (not authorised, MQTT reason code 5); check --username and --password-file\n",
                    refused.err());
            Path right = Files.writeString(folder.resolve("right"), "correct-horse\n");
            Outcome watched = watch(List.of("--broker", broker.url(), "--site", "riverside", "--username", "volunteer",
                    "--password-file", right.toString(), "--for", "1s"), out -> { });
            assertEquals(0, watched.code(), watched.err());
            assertTrue(watched.lastSnapshot().startsWith("--- "), watched.out());
            assertTrue(watched.lastSnapshot().contains(", 0 nodes (0 online, 0 offline)\n"), watched.out());
        }
    }

    @Test
    void tlsTrustsTheGivenCaAndNothingElse() throws Exception {
        try (Mosquitto broker = Mosquitto.start(folder.resolve("broker"), Mosquitto.Options.plain().withTls())) {
            Outcome trusted = watch(List.of("--broker", broker.url(), "--ca", broker.caFile().toString(), "--for", "1s"),
                    out -> { });
            assertEquals(0, trusted.code(), trusted.err());
            assertTrue(trusted.out().startsWith("lowernet watch: lowernet/+/+/status"), trusted.out());
            // Without --ca only the JRE's authorities count, and none of them signed the test CA.
            Outcome untrusted = watch(List.of("--broker", broker.url(), "--for", "1s"), out -> { });
            assertEquals(1, untrusted.code(), untrusted.out());
            assertTrue(untrusted.err().startsWith("lowernet watch: cannot watch " + broker.url() + ": TLS failed ("),
                    untrusted.err());
            assertTrue(untrusted.err().endsWith(" give that CA with --ca FILE\n"), untrusted.err());
            assertEquals(1, untrusted.err().lines().count(), untrusted.err());
            System.out.print("without --ca: " + untrusted.err());
        }
    }
}
