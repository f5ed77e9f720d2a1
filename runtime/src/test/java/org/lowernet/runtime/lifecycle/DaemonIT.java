package org.lowernet.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lowernet.runtime.crash.CrashLoop;
import org.lowernet.runtime.net.Netns;

/**
 * The daemon as the device runs it ({@link DaemonProcess}: a separate JVM inside a network namespace the test
 * makes, with a root folder holding its lowernet.conf, device tree model and board profiles).
 */
class DaemonIT {

    @TempDir
    Path root;

    @Test
    void configuredInterfacesComeUpBeforeTheReadyLineAndSigtermStopsCleanly() throws Exception {
        try (Netns ns = Netns.create()) {
            ns.ip("link", "add", "wan0", "type", "veth", "peer", "name", "wanp");
            ns.ip("link", "add", "lan0", "type", "veth", "peer", "name", "lanp");
            DaemonProcess.prepareRoot(root, """
                    interface.wan0.role = wan
                    interface.lan0.role = lan
                    lan.address = 203.0.113.1/24
                    wan.mode = static
                    wan.address = 198.51.100.2/24
                    wan.gateway = 198.51.100.1
                    wan.dns = 198.51.100.1
                    """);
            try (DaemonProcess daemon = DaemonProcess.start(ns, root)) {
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
                daemon.process().toHandle().destroy();
                assertTrue(daemon.process().waitFor(30, TimeUnit.SECONDS), "the daemon did not stop on SIGTERM");
                assertTrue(daemon.lines().contains("lowernet stopped"), daemon.lines().toString());
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
            DaemonProcess.prepareRoot(root, config.replace("\\n", "\n") + "\n");
            try (DaemonProcess daemon = DaemonProcess.start(ns, root)) {
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
            DaemonProcess.prepareRoot(root, """
                    interface.wan9.role = wan
                    interface.lan0.role = lan
                    """);
            try (DaemonProcess daemon = DaemonProcess.start(ns, root)) {
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

    /**
     * The test-only switch makes every normal start fail: five failed starts (as init would restart them), then
     * the sixth runs in safe mode on the built-in LAN although the file names another; SIGTERM stops it cleanly,
     * which resets the count, so the next start is a normal one again (and fails again, as the switch says).
     */
    @Test
    void fiveCrashesAtStartEndInSafeModeOnTheDefaultsUntilACleanStop() throws Exception {
        try (Netns ns = Netns.create()) {
            ns.ip("link", "add", "eth0", "type", "veth", "peer", "name", "wanp");
            ns.ip("link", "add", "eth1", "type", "veth", "peer", "name", "lanp");
            DaemonProcess.prepareRoot(root, "lan.address = 203.0.113.1/24\nlan.dhcp.range = 203.0.113.100-203.0.113.199\n");
            Files.writeString(root.resolve("proc/cmdline"), "console=ttyAMA0 lowernet.test.crash=start panic=10\n");
            for (int start = 1; start <= CrashLoop.CRASHES; start++) {
                List<String> lines = crashAtStart(ns);
                String expected = (start - 1) + " crash" + (start == 2 ? "" : "es") + " within 10 min";
                assertTrue(start == 1 || lines.stream().anyMatch(l -> l.startsWith("crash-loop: " + expected)),
                        "start " + start + ": " + lines);
            }
            try (DaemonProcess daemon = DaemonProcess.start(ns, root)) {
                List<String> boot = daemon.awaitLine("lowernet ready");

                assertTrue(boot.stream().anyMatch(l -> l.startsWith("SAFE MODE after 5 crashes within 10 min, the last at ") && l.contains("test-only crash at start")), boot.toString());
                assertTrue(boot.stream().noneMatch(l -> l.contains("TEST-ONLY crash switch")), "safe mode ignores it");
                assertTrue(boot.stream().anyMatch(l -> l.startsWith("interface eth1: role lan, up")
                        && l.endsWith("addresses 10.42.0.1/24")), boot.toString());
                String lan = ns.ip("-j", "addr", "show", "eth1");
                assertTrue(lan.contains("\"local\":\"10.42.0.1\"") && !lan.contains("203.0.113.1"), lan);
                assertTrue(boot.contains("leds: safe-mode (status=fast blink, uplink=off, mesh=off)"), boot.toString());

                daemon.process().toHandle().destroy();
                assertTrue(daemon.process().waitFor(30, TimeUnit.SECONDS), "the daemon did not stop on SIGTERM");
            }
            List<String> after = crashAtStart(ns);
            assertTrue(after.stream().noneMatch(l -> l.startsWith("crash-loop: ") && l.contains("within 10 min, the")),
                    "a clean stop resets the count: " + after);
        }
    }

    /** Starts the daemon, which must fail at once as the test switch says; its lines. */
    private List<String> crashAtStart(Netns ns) throws Exception {
        try (DaemonProcess daemon = DaemonProcess.start(ns, root)) {
            assertTrue(daemon.process().waitFor(60, TimeUnit.SECONDS), "the test switch did not end the start");
            assertEquals(1, daemon.process().exitValue(), daemon.lines().toString());
            // The output is read on a thread of its own: the last lines may come just after the exit.
            return daemon.awaitLine(l -> l.startsWith("crash-loop: this start failed, recorded as a crash")
                    && l.contains("test-only crash at start"), "the crash recorded");
        }
    }
}
