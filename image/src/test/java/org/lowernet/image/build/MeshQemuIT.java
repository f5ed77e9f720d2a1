package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.qemu.QemuBoot;
import org.lowernet.runtime.ip.Cidr;

/**
 * Two images on QEMU virt joined by a mesh link (a QEMU UDP socket pair on loopback, the only link between
 * them): the gateway has scripts/netlab's WAN and LAN and its third NIC on the mesh; the other router's first
 * NIC is the mesh and its second netlab's peer LAN, with no lan.address, so it picks its LAN prefix from the
 * mesh pool. The peer's LAN client gets a lease in that prefix, resolves a WAN name through its router (which
 * asks the gateway's resolver across the mesh) and fetches from the WAN target, which sees the gateway's WAN
 * address; it resolves the gateway's mesh name; the gateway's LAN client reaches the peer's client. Needs root
 * (namespaces, TAPs). The image's own babeld (trixie's) is the one on trial here; the namespace tests use the host's.
 */
class MeshQemuIT {

    private static final Path NETLAB = RouterQemuIT.NETLAB;
    private static final Cidr POOL = Cidr.parse("10.77.0.0/16");
    private static final Duration READY = Duration.ofSeconds(240);

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() throws Exception {
        HostTools.sh(ImageIT.PROJECT, NETLAB + " down");
    }

    @Test
    void theRouterWithoutAnUplinkReachesTheWanThroughItsMeshNeighbour() throws Exception {
        DataCards.requireHost();
        Path image = DataCards.image().image();
        DataCards.Card gateway = DataCards.stamped(image, dir, "gateway.img", 0, "node.name=gateway",
                "interface.eth2.role=mesh");
        DataCards.Card peer = DataCards.stampedOnly(image, dir, "peer.img", 0, List.of("node.name=peer",
                "interface.eth0.role=mesh", "interface.eth1.role=lan"));
        int gatewayPort = freeUdpPort();
        int peerPort = freeUdpPort();
        List<String> gatewayNics = new ArrayList<>(List.of(RouterQemuIT.NETLAB_NICS));
        gatewayNics.addAll(meshNic(gatewayPort, peerPort, "52:54:00:4c:4e:03"));
        List<String> peerNics = new ArrayList<>(meshNic(peerPort, gatewayPort, "52:54:00:4c:4e:04"));
        peerNics.addAll(List.of("-netdev", "tap,id=lan,ifname=lntapp,script=no,downscript=no",
                "-device", "virtio-net-pci,netdev=lan,mac=52:54:00:4c:4e:05,romfile="));
        sh(NETLAB + " up --router qemu --mesh-peer");

        List<String> gatewayConsole = new CopyOnWriteArrayList<>();
        List<String> peerConsole = new CopyOnWriteArrayList<>();
        try (QemuBoot gatewayVm = QemuBoot.start(DataCards.virt(gateway.file(), dir.resolve("gateway-boot"),
                gatewayNics), line -> log("gateway", line, gatewayConsole));
             QemuBoot peerVm = QemuBoot.start(DataCards.virt(peer.file(), dir.resolve("peer-boot"), peerNics),
                     line -> log("peer", line, peerConsole))) {
            gatewayVm.awaitReady(READY);
            peerVm.awaitReady(READY);
            String wanAddress = RouterQemuIT.awaitWanLease(Duration.ofSeconds(60));

            String peerClient = sh(NETLAB + " lease --peer").strip();
            assertTrue(POOL.contains(InetAddress.getByName(peerClient)),
                    "the peer's client " + peerClient + " is not in its router's prefix from " + POOL);
            String peerRouter = Files.readString(Path.of(RouterQemuIT.STATE, "peer-client.resolv")).strip()
                    .replace("nameserver ", "");

            // Routes through the mesh come within babel's first updates; a bounded wait, then the real checks.
            awaitTrue("the peer's client to reach the WAN target", Duration.ofSeconds(90),
                    "ip netns exec lnpeer busybox wget -q -O " + dir.resolve("hello.txt") + " " + RouterQemuIT.TARGET);
            assertEquals("hello from the WAN target\n", Files.readString(dir.resolve("hello.txt")));
            String httpdLog = Files.readString(Path.of(RouterQemuIT.STATE, "httpd.log"));
            assertTrue(httpdLog.contains(wanAddress), "the target saw another source than the gateway's WAN address "
                    + wanAddress + ":\n" + httpdLog);
            assertTrue(!httpdLog.contains(peerClient), "NAT missed the peer's client:\n" + httpdLog);

            // The default route can come before the gateway's LAN prefix, which the peer's resolver needs: bounded.
            awaitTrue("the peer router to resolve a WAN name through the gateway's resolver", Duration.ofSeconds(60),
                    "ip netns exec lnpeer busybox nslookup -type=a target.test " + peerRouter
                            + " | grep -q 'Address: 198.51.100.1'");

            // The routers learn each other's names (respondd at the other's LAN address) within a retry or two.
            awaitTrue("the peer router to answer gateway.mesh", Duration.ofSeconds(60),
                    "ip netns exec lnpeer busybox nslookup -type=a gateway.mesh " + peerRouter
                            + " | grep -q 'Address: " + RouterQemuIT.LAN_ROUTER + "'");

            sh(NETLAB + " lease");
            sh("ip netns exec lnlan busybox ping -c 2 -W 5 " + peerClient);
        } finally {
            Files.write(dir.resolve("gateway-console.log"), gatewayConsole);
            Files.write(dir.resolve("peer-console.log"), peerConsole);
        }
    }

    /** A NIC on a UDP socket pair on loopback: this VM sends to {@code remote} and listens on {@code local}. */
    static List<String> meshNic(int local, int remote, String mac) {
        return List.of("-netdev", "socket,id=mesh,udp=127.0.0.1:" + remote + ",localaddr=127.0.0.1:" + local,
                "-device", "virtio-net-pci,netdev=mesh,mac=" + mac + ",romfile=");
    }

    /** A UDP port on loopback that nothing uses now. */
    static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitTrue(String what, Duration timeout, String script) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HostTools.Result last;
        do {
            last = HostTools.run(List.of("sh", "-c", script));
            if (last.exitCode() == 0) {
                return;
            }
            Thread.sleep(2000);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + ": " + last);
    }

    private static void log(String vm, String line, List<String> console) {
        System.out.println(vm + "| " + line);
        console.add(line);
    }

    private String sh(String script) throws Exception {
        return HostTools.sh(dir, script);
    }
}
