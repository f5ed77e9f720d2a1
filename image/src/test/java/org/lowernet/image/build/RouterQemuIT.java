package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.debian.PackageCache;
import org.lowernet.image.qemu.BootSpec;
import org.lowernet.image.qemu.ImageBootFiles;
import org.lowernet.image.qemu.QemuBoot;
import org.lowernet.image.qemu.QemuMachine;

/**
 * The built image as the router between scripts/netlab's ISP and LAN client, booted on QEMU virt with
 * its two NICs on TAP devices: the client gets a lease in the range, resolves a WAN name through the
 * router, fetches from the WAN target (which sees the router's WAN address), and the WAN side can open
 * nothing on the router nor reach the client. Needs root (namespaces, TAPs).
 */
class RouterQemuIT {

    static final Path NETLAB = ImageIT.PROJECT.resolve("scripts/netlab");
    static final String STATE = "/run/lowernet-netlab";
    static final String LAN_ROUTER = "203.0.113.1";
    static final String TARGET = "http://198.51.100.1:8080/hello.txt";
    /** The router's two NICs on netlab's TAPs, as scripts/netlab makes them: eth0 the WAN, eth1 the LAN. */
    static final String[] NETLAB_NICS = {
        "-netdev", "tap,id=wan,ifname=lntapw,script=no,downscript=no",
        "-device", "virtio-net-pci,netdev=wan,mac=52:54:00:4c:4e:01,romfile=",
        "-netdev", "tap,id=lan,ifname=lntapl,script=no,downscript=no",
        "-device", "virtio-net-pci,netdev=lan,mac=52:54:00:4c:4e:02,romfile=",
    };

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() throws Exception {
        HostTools.sh(ImageIT.PROJECT, NETLAB + " down");
    }

    @Test
    void routesTheLanToTheWanAndKeepsTheWanOut() throws Exception {
        HostTools.require("root".equals(System.getProperty("user.name")), "needs root for namespaces and TAPs");
        HostTools.require("qemu-system-aarch64");
        HostTools.require("dnsmasq");
        HostTools.require("busybox");
        Path project = ProjectCopy.of(ImageIT.PROJECT, dir.resolve("project"));
        Files.writeString(project.resolve("board/common/lowernet.conf"), """
                interface.eth0.role = wan
                interface.eth1.role = lan
                wan.mode = dhcp
                lan.address = 203.0.113.1/24
                lan.dhcp.range = 203.0.113.100-203.0.113.199
                """);
        ImageBuilder.Result image = ImageIT.build(project, dir.resolve("out"), PackageCache.defaultDir());
        sh(NETLAB + " up --router qemu");

        Path work = Files.createDirectories(dir.resolve("boot"));
        ImageBootFiles files = ImageBootFiles.extract(image.image(), QemuMachine.VIRT, work);
        BootSpec spec = BootSpec.builder(QemuMachine.VIRT).image(image.image()).kernel(files.kernel())
                .initrd(files.initrd()).kernelArguments(files.kernelArguments()).qemuArguments(NETLAB_NICS)
                .build();
        List<String> console = new CopyOnWriteArrayList<>();
        try (QemuBoot guest = QemuBoot.start(spec, line -> {
            System.out.println("router| " + line);
            console.add(line);
        })) {
            guest.awaitReady(Duration.ofSeconds(120));
            // The WAN lease arrives after ready; the ISP's lease file names the router's WAN address.
            String wanAddress = awaitWanLease(Duration.ofSeconds(60));

            String client = sh(NETLAB + " lease").strip();
            int last = Integer.parseInt(client.substring(client.lastIndexOf('.') + 1));
            assertTrue(client.startsWith("203.0.113.") && last >= 100 && last <= 199, "lease " + client);

            // Only A: the ISP's DNS has no upstream and refuses AAAA, which makes nslookup exit 1.
            String answer = sh("ip netns exec lnlan busybox nslookup -type=a target.test " + LAN_ROUTER);
            assertTrue(answer.contains("Address: 198.51.100.1"), answer);

            // busybox 1.35's wget crashes with -T and with -q -O-: write to a file.
            sh("ip netns exec lnlan busybox wget -q -O " + dir.resolve("hello.txt") + " " + TARGET);
            assertEquals("hello from the WAN target\n", Files.readString(dir.resolve("hello.txt")));
            String httpdLog = Files.readString(Path.of(STATE, "httpd.log"));
            assertTrue(httpdLog.contains(wanAddress), "the target saw another source than " + wanAddress
                    + ":\n" + httpdLog);
            assertTrue(!httpdLog.contains(client), "the client's own address reached the WAN:\n" + httpdLog);

            // A listener on the client, reachable from the LAN side; the WAN side is given a route to it.
            sh("setsid ip netns exec lnlan busybox httpd -p " + client + ":9000 -h " + dir + " </dev/null >/dev/null 2>&1");
            sh("ip netns exec lnlan busybox wget -q -O /dev/null http://" + client + ":9000/hello.txt");
            sh("ip -n lnwan route replace 203.0.113.0/24 via " + wanAddress);
            for (String target : List.of(wanAddress + " 22", wanAddress + " 53", client + " 9000")) {
                HostTools.Result attempt = HostTools.run(List.of("sh", "-c",
                        "ip netns exec lnwan busybox nc -w 3 " + target + " </dev/null"));
                assertNotEquals(0, attempt.exitCode(), "the WAN opened a connection to " + target);
            }
        } finally {
            Files.write(dir.resolve("console.log"), console);
        }
    }

    /** The router's WAN address from the ISP's lease file, once it has one. */
    static String awaitWanLease(Duration timeout) throws Exception {
        Pattern lease = Pattern.compile("^\\d+ 52:54:00:4c:4e:01 (\\S+) ", Pattern.MULTILINE);
        long deadline = System.nanoTime() + timeout.toNanos();
        Path leases = Path.of(STATE, "isp.leases");
        while (System.nanoTime() < deadline) {
            if (Files.exists(leases)) {
                Matcher m = lease.matcher(Files.readString(leases));
                if (m.find()) {
                    return m.group(1);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the router took no WAN lease from the ISP within " + timeout);
    }

    private String sh(String script) throws Exception {
        return HostTools.sh(dir, script);
    }
}
