package org.lowernet.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.net.Netns;
import org.lowernet.runtime.net.netlink.NetworkNamespace;
import org.lowernet.runtime.respondd.NodeAnswer;
import org.lowernet.runtime.respondd.RespondClient;
import org.lowernet.runtime.respondd.Respondd;

/**
 * The real daemon ({@code lowernet run} in its own JVM, in namespace {@code a}) answers respondd on its mesh
 * interface, with MQTT off: a neighbour in namespace {@code b}, on the other end of the mesh veth, asks.
 * Run under {@code flock /tmp/lowernet-qemu.lock}.
 */
class RespondDaemonIT {

    /** The daemon brings the mesh port up; its link-local address follows after duplicate address detection. */
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path work;

    @Test
    void theDaemonAnswersItsMeshNeighbourWithoutMqtt() throws Exception {
        try (Netns a = Netns.create(); Netns b = Netns.create()) {
            a.ip("link", "set", "lo", "up");
            a.ip("link", "add", "lan0", "type", "veth", "peer", "name", "lanp");
            a.ip("link", "add", "mesh0", "type", "veth", "peer", "name", "mesh1", "netns", b.name);
            // java.net finds an interface in a thread's namespace by its IPv4 address only (RespondServerIT).
            b.ip("addr", "add", "192.0.2.2/24", "dev", "mesh1");
            b.ip("link", "set", "mesh1", "up");
            Path root = Files.createDirectories(work.resolve("root"));
            DaemonProcess.prepareRoot(root, """
                    interface.lan0.role = lan
                    interface.mesh0.role = mesh
                    site = riverside
                    """);
            // The firewall is on: its mesh rules let respondd's queries in (NftRuleset.RESPONDD_PORT).
            try (DaemonProcess daemon = DaemonProcess.start(a, root)) {
                daemon.awaitLine("lowernet ready");
                b.linkLocal("mesh1");
                String mac = a.ip("-br", "link", "show", "dev", "mesh0").split("\\s+")[2];
                Optional<NodeAnswer> node = Optional.empty();
                long deadline = System.nanoTime() + WAIT.toNanos();
                int asked = 0;
                while (node.isEmpty() && System.nanoTime() < deadline) {
                    RespondClient.Result result = NetworkNamespace.named(b.name)
                            .call(() -> new RespondClient(Respondd.PORT).ask("mesh1", Duration.ofSeconds(1)));
                    assertEquals(List.of(), result.errors());
                    node = result.nodes().stream().findFirst();
                    asked++;
                }
                assertTrue(node.isPresent(), "no answer in " + WAIT + " (" + asked + " rounds): " + daemon.lines());
                System.out.printf("respondd: the daemon answered after %d rounds of 1 s%n", asked);
                assertEquals(Optional.of("lowernet-c0ffee"), node.get().hostname());
                assertEquals(12, node.get().nodeId().length(), "a MAC: yanic keeps only 12-character node ids");
                assertTrue(node.get().uptime().isPresent(), "statistics from /proc");
                assertEquals(List.of(), node.get().links(), "no babel view wired yet");
                assertTrue(daemon.lines().stream().anyMatch(l -> l.startsWith("respondd: answering on mesh0")),
                        daemon.lines().toString());
                assertTrue(mac.matches("([0-9a-f]{2}:){5}[0-9a-f]{2}"), mac);
            }
        }
    }
}
