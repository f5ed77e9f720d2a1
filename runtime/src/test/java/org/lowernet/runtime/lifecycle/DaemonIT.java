package org.lowernet.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.net.Netns;

/**
 * The daemon as the device runs it (a separate JVM, {@code lowernet run}), inside a network namespace the
 * test makes, with a root folder holding its lowernet.conf, device tree model and board profiles.
 */
class DaemonIT {

    private static final long READY_SECONDS = 60;

    @TempDir
    Path root;

    @Test
    void configuredInterfacesComeUpBeforeTheReadyLineAndSigtermStopsCleanly() throws Exception {
        try (Netns ns = Netns.create()) {
            ns.ip("link", "add", "wan0", "type", "veth", "peer", "name", "wanp");
            ns.ip("link", "add", "lan0", "type", "veth", "peer", "name", "lanp");
            prepareRoot("""
                    interface.wan0.role = wan
                    interface.lan0.role = lan
                    lan.address = 203.0.113.1/24
                    wan.mode = static
                    wan.address = 198.51.100.2/24
                    wan.gateway = 198.51.100.1
                    wan.dns = 198.51.100.1
                    """);
            try (Daemon daemon = Daemon.start(ns, root)) {
                List<String> boot = daemon.awaitLine("lowernet ready");

                assertTrue(boot.contains("interface lan0: role lan, up, no carrier, addresses 203.0.113.1/24")
                        || boot.contains("interface lan0: role lan, up, carrier, addresses 203.0.113.1/24"), boot.toString());
                assertTrue(boot.stream().anyMatch(l -> l.startsWith("interface wan0: role wan, up")
                        && l.endsWith("addresses 198.51.100.2/24")), boot.toString());
                String addresses = ns.ip("-j", "addr", "show");
                assertTrue(addresses.contains("\"local\":\"203.0.113.1\",\"prefixlen\":24"), addresses);
                assertTrue(addresses.contains("\"local\":\"198.51.100.2\",\"prefixlen\":24"), addresses);
                assertTrue(ns.ip("-j", "route", "show", "default").contains("\"gateway\":\"198.51.100.1\""));

                assertEquals("lowernet-c0ffee\n", Files.readString(root.resolve("proc/sys/kernel/hostname")));

                // SIGTERM, as init sends at shutdown (Process.destroy would also close the output pipe).
                daemon.process.toHandle().destroy();
                assertTrue(daemon.process.waitFor(30, TimeUnit.SECONDS), "the daemon did not stop on SIGTERM");
                assertTrue(daemon.lines.contains("lowernet stopped"), daemon.lines.toString());
            }
        }
    }

    /** Each config is invalid in its own way; each is said loudly at boot, and the board's LAN comes up. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a misspelt key         | lan.address = 10.42.0.0/24\\nwan.moed = dhcp                                                              | lowernet.conf:2: wan.moed
            overlapping subnets    | lan.address = 198.51.100.1/24\\nwan.mode = static\\nwan.address = 198.51.100.2/24\\nwan.gateway = 198.51.100.9\\nwan.dns = 198.51.100.9 | which overlaps it
            a range outside the LAN| lan.address = 203.0.113.1/24\\nlan.dhcp.range = 192.0.2.10-192.0.2.20                                  | expected a range inside the LAN subnet
            two WANs               | interface.eth0.role = wan\\ninterface.eth2.role = wan\\ninterface.eth1.role = lan                       | expected at most one interface with role wan
            """)
    void anInvalidConfigIsSaidLoudlyAndTheBoardsLanStillComesUp(String name, String config, String named)
            throws Exception {
        try (Netns ns = Netns.create()) {
            ns.ip("link", "add", "eth0", "type", "veth", "peer", "name", "wanp");
            ns.ip("link", "add", "eth1", "type", "veth", "peer", "name", "lanp");
            prepareRoot(config.replace("\\n", "\n") + "\n");
            try (Daemon daemon = Daemon.start(ns, root)) {
                List<String> boot = daemon.awaitLine("lowernet ready");

                assertTrue(boot.stream().anyMatch(l -> l.startsWith("lowernet.conf IS INVALID: running with built-in defaults")),
                        boot.toString());
                assertTrue(boot.stream().anyMatch(l -> l.contains("lowernet.conf:") && l.contains(named)),
                        "no error naming '" + named + "': " + boot);
                // The qemu-virt profile's defaults: eth1 is the LAN, with the default LAN address.
                assertTrue(boot.stream().anyMatch(l -> l.startsWith("interface eth1: role lan, up")
                        && l.endsWith("addresses 10.42.0.1/24")), boot.toString());
                assertTrue(ns.ip("-j", "addr", "show", "eth1").contains("\"local\":\"10.42.0.1\""));
            }
        }
    }

    @Test
    void aMissingWanInterfaceIsSaidAndTheLanStillComesUpBehindTheFirewall() throws Exception {
        try (Netns ns = Netns.create()) {
            ns.ip("link", "add", "lan0", "type", "veth", "peer", "name", "lanp");
            prepareRoot("""
                    interface.wan9.role = wan
                    interface.lan0.role = lan
                    """);
            try (Daemon daemon = Daemon.start(ns, root)) {
                List<String> boot = daemon.awaitLine("lowernet ready");

                assertTrue(boot.contains("interface wan9: role wan, missing (waiting for it to appear)"), boot.toString());
                assertTrue(boot.stream().anyMatch(l -> l.startsWith("interface lan0: role lan, up")
                        && l.endsWith("addresses 10.42.0.1/24")), boot.toString());
                assertTrue(boot.stream().anyMatch(l -> l.startsWith("firewall: table inet lowernet loaded and checked")),
                        boot.toString());
                assertTrue(ns.ip("-j", "addr", "show", "lan0").contains("\"local\":\"10.42.0.1\""));
            }
        }
    }

    private void prepareRoot(String config) throws IOException {
        Files.createDirectories(root.resolve("boot"));
        Files.createDirectories(root.resolve("proc/device-tree"));
        Files.createDirectories(root.resolve("usr/share/lowernet/boards"));
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/device-tree/serial-number"), "10000000c0ffee\0");
        // The firewall turns ip_forward on: the daemon runs in the test's namespace, where /proc/sys/net is its own.
        Files.createSymbolicLink(root.resolve("proc/sys/net"), Path.of("/proc/sys/net"));
        Files.writeString(root.resolve("boot/lowernet.conf"), config);
        Files.writeString(root.resolve("proc/device-tree/model"), "linux,dummy-virt\0");
        Files.copy(Path.of("..", "board", "qemu-virt", "board.conf"), root.resolve("usr/share/lowernet/boards/qemu-virt.conf"));
    }

    /** A running daemon JVM and the log lines it printed, without their time stamps. */
    private record Daemon(Process process, List<String> lines) implements AutoCloseable {

        static Daemon start(Netns ns, Path root) throws IOException {
            Process process = new ProcessBuilder("ip", "netns", "exec", ns.name,
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-Dlowernet.root=" + root,
                    "-cp", System.getProperty("java.class.path"), "org.lowernet.runtime.Main", "run")
                    .redirectErrorStream(true).start();
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        System.out.println("daemon| " + line);
                        lines.add(line.replaceFirst("^\\S+ \\S+ (INFO|WARN|ERROR): ", ""));
                    }
                } catch (IOException e) {
                    lines.add("(reading the daemon's output failed: " + e + ")");
                }
            }, "daemon-output");
            reader.setDaemon(true);
            reader.start();
            return new Daemon(process, lines);
        }

        /** Waits (bounded) for a line; returns every line up to it. */
        List<String> awaitLine(String wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
            while (System.nanoTime() < deadline) {
                synchronized (lines) {
                    int at = lines.indexOf(wanted);
                    if (at >= 0) {
                        return List.copyOf(lines.subList(0, at + 1));
                    }
                }
                if (!process.isAlive()) {
                    fail("the daemon exited with " + process.exitValue() + " before '" + wanted + "': " + lines);
                }
                Thread.sleep(50);
            }
            fail("no '" + wanted + "' within " + READY_SECONDS + " s: " + lines);
            return List.of();
        }

        @Override
        public void close() throws InterruptedException {
            process.toHandle().destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
