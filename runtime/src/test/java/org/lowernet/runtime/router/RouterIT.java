package org.lowernet.runtime.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.net.Netns;

/**
 * The router end to end on the host: the real daemon in the {@code router} namespace between an ISP
 * ({@code wan}) and a client ({@code lan}); see {@link RouterLab}.
 */
class RouterIT {

    static final String CONFIG = """
            interface.wan0.role = wan
            interface.lan0.role = lan
            lan.address = 203.0.113.1/24
            lan.dhcp.range = 203.0.113.100-203.0.113.150
            lan.dhcp.lease = 2m
            lan.domain = lab
            """;

    @TempDir
    Path folder;

    @Test
    void routesNatsFiltersAndSurvivesADnsmasqCrashAndAWanLeaseLoss() throws Exception {
        try (RouterLab lab = RouterLab.create(folder)) {
            lab.startIsp();
            lab.startTarget();
            lab.startDaemon(CONFIG);
            lab.await("daemon| lowernet ready", 0);
            lab.await("daemon| uplink: up via 198.51.100.1", 0);
            // udhcpc asks for option 42 (-O ntpsrv), and the NTP client tries the server the lease names.
            lab.await("lease=120 ntp=198.51.100.1", 0);
            lab.await("daemon| ntp: no usable answer: no answer from 198.51.100.1 port 123", 0);
            NetLab.awaitRoute(lab.router, "default", RouterLab.ISP, true); // the reconciler applies the lease soon after it is logged
            String wanAddress = NetLab.wanAddress(lab.router, "wan0");
            assertTrue(wanAddress.matches("198\\.51\\.100\\.([5-9][0-9])"), wanAddress);

            // The client's lease, inside the configured range.
            String client = lab.clientLease("");
            int last = Integer.parseInt(client.substring(client.lastIndexOf('.') + 1));
            assertTrue(client.startsWith("203.0.113.") && last >= 100 && last <= 150, client);

            // DNS through the router: its dnsmasq asks the ISP's (from the WAN lease's DNS option).
            NetLab.Result lookup = NetLab.exec(lab.lan, 20, "busybox", "nslookup", "target.test", RouterLab.LAN_ROUTER);
            // (The AAAA half of the lookup is refused upstream, so busybox exits 1: the A answer is what counts.)
            assertTrue(lookup.output().contains("Name:\ttarget.test\nAddress: " + RouterLab.ISP), lookup.toString());

            // The WAN target answers and sees the router's WAN address: masquerade.
            NetLab.Result http = NetLab.exec(lab.lan, 20, "busybox", "wget", "-q", "-O", "-",
                    "http://" + RouterLab.ISP + ":8080/cgi-bin/peer");
            assertEquals("peer=" + wanAddress, http.output().strip(), http.toString());

            // Nothing opens from the WAN: not the router's DNS or SSH, not the client (listening on 9000).
            lab.wan.ip("route", "add", "203.0.113.0/24", "via", wanAddress);
            NetLab.exec(lab.lan, 5, "true");
            Process listener = new ProcessBuilder("ip", "netns", "exec", lab.lan.name, "busybox", "httpd", "-f",
                    "-p", client + ":9000", "-h", folder.toString()).start();
            try {
                Thread.sleep(300);
                assertEquals(0, NetLab.exec(lab.router, 10, "busybox", "nc", client, "9000").code(),
                        "control: the client's listener answers from the router itself");
                assertEquals(0, NetLab.exec(lab.lan, 10, "busybox", "nc", RouterLab.LAN_ROUTER, "53").code(),
                        "control: the router's DNS answers TCP from the LAN");
                for (String target : List.of(client + " 9000", RouterLab.LAN_ROUTER + " 53",
                        RouterLab.LAN_ROUTER + " 22", wanAddress + " 53", wanAddress + " 22")) {
                    String[] hostPort = target.split(" ");
                    NetLab.Result attempt = NetLab.exec(lab.wan, 10, "busybox", "timeout", "3", "busybox", "nc",
                            hostPort[0], hostPort[1]);
                    assertNotEquals(0, attempt.code(), "the WAN opened " + target + ": " + attempt);
                }
                NetLab.Result wanLookup = NetLab.exec(lab.wan, 10, "busybox", "timeout", "4", "busybox",
                        "nslookup", "target.test", RouterLab.LAN_ROUTER);
                assertFalse(wanLookup.output().contains("Address: " + RouterLab.ISP), wanLookup.toString());
            } finally {
                listener.destroy();
                listener.waitFor(5, TimeUnit.SECONDS);
            }

            // dnsmasq crashes: back within 5 s, the lease file kept, the client keeps its address.
            List<Long> before = NetLab.pids(lab.router, "--conf-file=" + lab.root().resolve("run/lowernet/dnsmasq.conf"));
            assertEquals(1, before.size(), before.toString());
            new ProcessBuilder("kill", "-9", before.getFirst().toString()).inheritIO().start().waitFor();
            long killed = System.nanoTime();
            List<Long> after = List.of();
            while (System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(5)) {
                after = NetLab.pids(lab.router, "--conf-file=" + lab.root().resolve("run/lowernet/dnsmasq.conf"));
                if (!after.isEmpty() && !after.equals(before)) {
                    break;
                }
                Thread.sleep(100);
            }
            assertTrue(!after.isEmpty() && !after.equals(before), "dnsmasq not back within 5 s: " + after);
            System.out.println("dnsmasq back after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed) + " ms");
            String leases = Files.readString(lab.root().resolve("data/lowernet/dnsmasq.leases"));
            assertTrue(leases.contains(" " + client + " "), leases);
            Thread.sleep(500); // dnsmasq binds its sockets after the process appears
            assertEquals(client, lab.clientLease(client), "the renewed lease after the restart");

            // The WAN lease is lost (udhcpc releases it on SIGUSR2) and comes back (SIGUSR1 renews).
            List<Long> udhcpc = NetLab.pids(lab.router, "udhcpc");
            assertEquals(1, udhcpc.size(), udhcpc.toString());
            int mark = lab.lines.size();
            new ProcessBuilder("kill", "-USR2", udhcpc.getFirst().toString()).inheritIO().start().waitFor();
            lab.await("daemon| uplink: down (deconfig on wan0", mark);
            NetLab.awaitRoute(lab.router, "default", RouterLab.ISP, false);
            mark = lab.lines.size();
            new ProcessBuilder("kill", "-USR1", udhcpc.getFirst().toString()).inheritIO().start().waitFor();
            lab.await("daemon| uplink: up via 198.51.100.1", mark);
            NetLab.awaitRoute(lab.router, "default", RouterLab.ISP, true);
            NetLab.Result again = NetLab.exec(lab.lan, 20, "busybox", "wget", "-q", "-O", "-",
                    "http://" + RouterLab.ISP + ":8080/cgi-bin/peer");
            assertEquals("peer=" + NetLab.wanAddress(lab.router, "wan0"), again.output().strip(), again.toString());
        }
    }
}
