package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.qemu.QemuBoot;
import org.lowernet.runtime.wgkey.WgPrivateKey;

/**
 * The runtime's own WireGuard netlink client against the image's kernel (the host's has no WireGuard): one router
 * on QEMU virt with a tunnel that only listens and one that dials scripts/netlab's ISP. The kernel takes the link,
 * the device settings and the peer (a listening UDP socket on the tunnel's port, the interface up with its link-local
 * address), the state is read without an error, and the dialling tunnel's first handshake initiation (WireGuard's
 * message type 1, 148 bytes) reaches a UDP socket in the ISP's namespace: the peer's key, endpoint and keepalive are
 * what the kernel uses. The node's key, made at first boot, is on /data (0600), {@code lowernet tunnel-key} prints its
 * public half, and the private key is nowhere on the console. Needs root (namespaces, TAPs).
 */
class WireGuardKernelQemuIT {

    private static final Duration READY = Duration.ofSeconds(240);
    private static final String ISP = "198.51.100.1";
    private static final String KEY_FILE = "/data/lowernet/tunnel/private.key";

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() throws Exception {
        HostTools.sh(ImageIT.PROJECT, RouterQemuIT.NETLAB + " down");
    }

    @Test
    void theKernelTakesTheTunnelsAndTheDiallingOneSendsItsHandshake() throws Exception {
        DataCards.requireHost("python3");
        DataCards.Card card = DataCards.stamped(DataCards.image(), dir, "wg.img", 0,
                "tunnel.hill.listen_port=51820", "tunnel.hill.public_key=" + WgPrivateKey.generate().publicKey(),
                "tunnel.dial.peer=" + ISP + ":51821", "tunnel.dial.public_key=" + WgPrivateKey.generate().publicKey());
        HostTools.sh(dir, RouterQemuIT.NETLAB + " up --router qemu");
        // The "peer" of the dialling tunnel: a plain UDP socket on the ISP's address, which reports what arrives.
        Process peer = new ProcessBuilder("ip", "netns", "exec", "lnwan", "timeout", "300", "python3", "-c",
                "import socket\n"
                        + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                        + "s.bind(('" + ISP + "', 51821))\n"
                        + "data, source = s.recvfrom(4096)\n"
                        + "print(len(data), data[0], data[1:4].hex(), source[0], flush=True)\n")
                .redirectErrorStream(true).start();
        List<String> console = Collections.synchronizedList(new ArrayList<>());
        try (QemuBoot vm = QemuBoot.start(DataCards.virt(card.file(), dir.resolve("boot")), line -> {
            System.out.println("wg| " + line);
            console.add(line);
        })) {
            vm.awaitReady(READY);
            String wanAddress = RouterQemuIT.awaitWanLease(Duration.ofSeconds(60));

            assertTrue(peer.waitFor(90, TimeUnit.SECONDS), "no packet from the dialling tunnel within 90 s");
            String received = new String(peer.getInputStream().readAllBytes()).strip();
            assertEquals("148 1 000000 " + wanAddress, received, "a WireGuard handshake initiation from the WAN address");

            HostTools.sh(dir, RouterQemuIT.NETLAB + " lease");
            String uevent = overSsh(card, "cat /sys/class/net/hill/uevent /sys/class/net/dial/uevent");
            assertEquals(2, uevent.lines().filter(l -> l.equals("DEVTYPE=wireguard")).count(), uevent);
            String udp = overSsh(card, "cat /proc/net/udp");
            assertTrue(udp.contains("00000000:CA6C"), "nothing listens on UDP 51820:\n" + udp);
            String addresses = overSsh(card, "ip -6 addr show dev hill; ip link show dev hill");
            assertTrue(addresses.contains("inet6 fe80::") && addresses.contains("scope link"), addresses);
            assertTrue(addresses.contains(",UP"), addresses);

            // The key on /data is the owner's only; its public half is the one the console and lowernet tunnel-key show.
            String keyFile = overSsh(card, "ls -l " + KEY_FILE);
            assertTrue(keyFile.startsWith("-rw------- "), keyFile);
            WgPrivateKey privateKey = WgPrivateKey.parse(overSsh(card, "cat " + KEY_FILE));
            String publicKey = privateKey.publicKey().base64();
            assertEquals(publicKey + "\n", overSsh(card, "/opt/lowernet/bin/lowernet tunnel-key"));

            // A few reads of the state (every 5 s) without an error, then the console's word on the tunnels.
            Thread.sleep(12_000);
            List<String> lines = List.copyOf(console);
            assertTrue(lines.stream().anyMatch(l -> l.endsWith("INFO: tunnel public key: " + publicKey)),
                    "no public key " + publicKey + " on the console");
            assertEquals(List.of(), lines.stream().filter(l -> l.contains(privateKey.base64())).toList(),
                    "the private key on the console");
            for (String tunnel : List.of("hill", "dial")) {
                assertTrue(lines.stream().anyMatch(l -> l.contains("tunnel " + tunnel + ": set up")), tunnel + " not set up");
                List<String> errors = lines.stream().filter(l -> l.contains("ERROR: tunnel " + tunnel + ":")).toList();
                assertEquals(List.of(), errors, "errors of tunnel " + tunnel);
            }
        } finally {
            peer.destroyForcibly();
            Files.write(dir.resolve("console.log"), console);
        }
    }

    /**
     * Two routers on QEMU virt whose only link is their WANs (static addresses on a QEMU UDP socket pair): each card
     * carries its private key as tunnel.key (as stamp --tunnel-keys writes it) and the other's public key; one listens,
     * the other dials. Both say the tunnel is up (a completed handshake), and each imported its card's key.
     */
    @Test
    void twoRoutersShakeHandsAcrossTheirWans() throws Exception {
        DataCards.requireHost("mcopy");
        WgPrivateKey listenerKey = WgPrivateKey.generate();
        WgPrivateKey dialerKey = WgPrivateKey.generate();
        Path image = DataCards.image().image();
        DataCards.Card listener = card(image, listenerKey, List.of("node.name=listener", "interface.eth0.role=wan",
                "interface.eth1.role=lan", "wan.mode=static", "wan.address=192.0.2.1/24", "wan.gateway=192.0.2.2",
                "wan.dns=192.0.2.2", "lan.address=10.1.0.1/24", "tunnel.far.listen_port=51820",
                "tunnel.far.public_key=" + dialerKey.publicKey()));
        DataCards.Card dialer = card(image, dialerKey, List.of("node.name=dialer", "interface.eth0.role=wan",
                "interface.eth1.role=lan", "wan.mode=static", "wan.address=192.0.2.2/24", "wan.gateway=192.0.2.1",
                "wan.dns=192.0.2.1", "lan.address=10.2.0.1/24", "tunnel.far.peer=192.0.2.1:51820",
                "tunnel.far.public_key=" + listenerKey.publicKey()));
        int listenerWan = freeUdpPort();
        int dialerWan = freeUdpPort();
        List<String> listenerNics = List.of(
                "-netdev", "socket,id=wan,udp=127.0.0.1:" + dialerWan + ",localaddr=127.0.0.1:" + listenerWan,
                "-device", "virtio-net-pci,netdev=wan,mac=52:54:00:4c:4f:01,romfile=",
                "-netdev", "socket,id=lan,udp=127.0.0.1:9,localaddr=127.0.0.1:" + freeUdpPort(),
                "-device", "virtio-net-pci,netdev=lan,mac=52:54:00:4c:4f:02,romfile=");
        List<String> dialerNics = List.of(
                "-netdev", "socket,id=wan,udp=127.0.0.1:" + listenerWan + ",localaddr=127.0.0.1:" + dialerWan,
                "-device", "virtio-net-pci,netdev=wan,mac=52:54:00:4c:4f:03,romfile=",
                "-netdev", "socket,id=lan,udp=127.0.0.1:9,localaddr=127.0.0.1:" + freeUdpPort(),
                "-device", "virtio-net-pci,netdev=lan,mac=52:54:00:4c:4f:04,romfile=");
        List<String> listenerConsole = Collections.synchronizedList(new ArrayList<>());
        List<String> dialerConsole = Collections.synchronizedList(new ArrayList<>());
        try (QemuBoot listenerVm = QemuBoot.start(DataCards.virt(listener.file(), dir.resolve("listener-boot"),
                listenerNics), line -> log("listener", line, listenerConsole));
             QemuBoot dialerVm = QemuBoot.start(DataCards.virt(dialer.file(), dir.resolve("dialer-boot"), dialerNics),
                     line -> log("dialer", line, dialerConsole))) {
            listenerVm.awaitReady(READY);
            dialerVm.awaitReady(READY);
            // Either may come before its router is ready: the consoles' whole lines are searched.
            awaitConsole(dialerConsole, "the dialer's tunnel up",
                    l -> l.endsWith("INFO: tunnel far: up, handshake with 192.0.2.1:51820"), Duration.ofSeconds(60));
            awaitConsole(listenerConsole, "the listener's tunnel up",
                    l -> l.matches(".* INFO: tunnel far: up, handshake with 192\\.0\\.2\\.2:\\d+"), Duration.ofSeconds(30));
            assertTrue(listenerConsole.stream().anyMatch(l -> l.endsWith("tunnel public key: "
                    + listenerKey.publicKey())), "the listener did not use its card's key");
            assertTrue(dialerConsole.stream().anyMatch(l -> l.endsWith("tunnel public key: "
                    + dialerKey.publicKey())), "the dialer did not use its card's key");
            for (List<String> console : List.of(listenerConsole, dialerConsole)) {
                assertEquals(List.of(), console.stream().filter(l -> l.contains(listenerKey.base64())
                        || l.contains(dialerKey.base64()) || l.contains("ERROR: tunnel")).toList());
            }
        } finally {
            Files.write(dir.resolve("listener-console.log"), listenerConsole);
            Files.write(dir.resolve("dialer-console.log"), dialerConsole);
        }
    }

    /** A card stamped with {@code settings} and {@code key} on its FAT partition as tunnel.key. */
    private DataCards.Card card(Path image, WgPrivateKey key, List<String> settings) throws Exception {
        String name = settings.getFirst().substring("node.name=".length());
        DataCards.Card card = DataCards.stampedOnly(image, dir, name + ".img", 0, settings);
        Path keyFile = Files.writeString(dir.resolve(name + "-tunnel.key"), key.base64() + "\n");
        HostTools.Result copied = HostTools.run(List.of("mcopy", "-i", card.file() + "@@" + ImageIT.PARTITION_OFFSET,
                keyFile.toString(), "::tunnel.key"), Map.of("MTOOLS_SKIP_CHECK", "1"));
        assertEquals(0, copied.exitCode(), copied.toString());
        return card;
    }

    private static void awaitConsole(List<String> console, String what, Predicate<String> wanted, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (List.copyOf(console).stream().anyMatch(wanted)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what);
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void log(String vm, String line, List<String> console) {
        System.out.println(vm + "| " + line);
        console.add(line);
    }

    /** Runs {@code command} on the router over SSH from the LAN namespace with the stamped admin key (dbclient). */
    private static String overSsh(DataCards.Card card, String command) throws Exception {
        HostTools.Result result = HostTools.run(List.of("ip", "netns", "exec", "lnlan", "dbclient", "-y", "-i",
                card.adminKey().toString(), "root@" + RouterQemuIT.LAN_ROUTER, command));
        assertEquals(0, result.exitCode(), "ssh " + command + ": " + result);
        return result.out();
    }
}
