package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.MosquittoSub;
import org.lowernet.runtime.health.Mosquitto;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.wgkey.WgPrivateKey;
import org.lowernet.runtime.wgkey.WgPublicKey;

/**
 * Two mesh islands whose only connection is a WireGuard tunnel across the Internet, one behind a NAT
 * ({@link TunnelIslands}: scripts/netlab {@code up --router qemu --tunnel-peer}, three images on QEMU virt booted
 * together once: island A is the gateway A, island B is B, the tunnel's NAT'd end, and C, wired to B by a mesh cable
 * and with no WAN at all): the tunnel comes up from the NAT'd side; B's LAN client reaches A's LAN client and A's
 * client B's; B's client resolves {@code a.mesh} through its router and A's client {@code b.mesh} through its own; B's
 * client fetches the WAN target, which sees A's WAN address (B has {@code wan.uplink=no}: nothing leaves through its
 * own WAN); across a wired hop and the tunnel, C's client, leased in C's own prefix from the mesh pool (not B's),
 * reaches A's client and A's client C's, C's client fetches the WAN target through A's uplink (the target sees A's WAN
 * address, never the NAT's), and A's router answers {@code c.mesh}; a tunnel whose peer names another public key never
 * passes a packet while the good one works (A's MQTT statistics say {@code no_handshake} for it and {@code up} for the
 * good one; the consoles and the kernel's counters agree); after the NAT forgets its mappings the tunnel recovers
 * (printed: seconds, against keepalive plus a bound); the WAN scan; the private keys appear in neither console, nor
 * MQTT, nor check-config's output; after a power cut B comes back with the same public key and the tunnel up again
 * (printed: B's ready to the first packet across); A's nodeinfo carries A's public key.
 *
 * <p><b>What the WAN scan proves, and how.</b> A TCP SYN scan of all 65,535 ports of A's WAN address from the
 * Internet namespace must find every port filtered (the firewall drops: not even a RST) — no open and no closed
 * port. UDP cannot be judged the same way: a port the firewall drops and a port that is accepted but whose
 * program does not answer (WireGuard answers no packet that is not a valid handshake from a known key) both look
 * {@code open|filtered}. So the claim "only the tunnel's port is open" rests on three legs: (1) the UDP scan of
 * all ports, with nmap's protocol payloads for the well-known services (DNS, NTP, SNMP, DHCP, ...), gets no
 * answer from any port, neither data (open) nor ICMP port unreachable (closed, which a port the firewall let
 * through to no socket would give): nothing on the WAN answers strangers; (2) the NAT'd peer's real handshake
 * arrives at A's listen port, so that port is open to the Internet; (3) A's nft input chain, read over SSH,
 * drops by policy and has no rule for A's WAN interface but the DHCP client's replies and the tunnels' listen
 * ports (and no rule without an interface that accepts by port). Together: the tunnel's ports are open, and
 * nothing else is.
 *
 * <p>Needs root (namespaces, TAPs), nmap, conntrack and mosquitto on the host.
 */
class TunnelQemuIT {

    private static final Cidr POOL = Cidr.parse(TunnelIslands.POOL);
    /** The length of the prefix each router takes from the pool (the default mesh.prefix_length). */
    private static final int PREFIX_LENGTH = 24;
    private static final Duration KEEPALIVE = Duration.ofSeconds(25);
    /** Beyond the keepalive: a handshake retried (5 s) and babel's hello (4 s), twice over. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    private static final String SITE = "islands";
    private static final String LOWERNET = "/opt/lowernet/bin/lowernet";
    private static final Pattern NAT_MAPPING = Pattern.compile(
            "dst=" + Pattern.quote(TunnelIslands.A_WAN) + " sport=\\d+ dport=" + TunnelIslands.PORT
                    + " .*src=" + Pattern.quote(TunnelIslands.A_WAN) + " dst=" + Pattern.quote(TunnelIslands.NAT_OUTSIDE)
                    + " sport=" + TunnelIslands.PORT + " dport=(\\d+)");

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            HostTools.sh(ImageIT.PROJECT, RouterQemuIT.NETLAB + " down");
        }
    }

    @Test
    void twoIslandsBehindANatBecomeOneInternetThroughATunnel() throws Exception {
        DataCards.requireHost("nmap", "conntrack", "mcopy", "/usr/sbin/mosquitto", "mosquitto_sub");
        Path image = DataCards.image().image();
        // netlab first (it tears down a crashed run's leftovers), then the broker inside its Internet.
        HostTools.sh(dir, RouterQemuIT.NETLAB + " up --router qemu --tunnel-peer");
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"),
                Mosquitto.Options.plain().inNamespace(MqttQemuIT.WAN, MqttQemuIT.ISP));
             MosquittoSub mqtt = MosquittoSub.start(broker.url(), Optional.of(MqttQemuIT.WAN), "lowernet/#")) {
            List<String> reporting = List.of("site=" + SITE, "mqtt.broker=" + broker.url(), "mqtt.interval=5s");
            try (TunnelIslands islands = TunnelIslands.start(image, dir, reporting, reporting,
                    TunnelIslands.IslandB.TWO_ROUTERS)) {
                check(islands, mqtt);
            }
        }
    }

    private void check(TunnelIslands islands, MosquittoSub mqtt) throws Exception {
        TunnelIslands.Clients clients = TunnelIslands.lease(dir);
        assertTrue(POOL.contains(InetAddress.getByName(clients.b())),
                "B's client " + clients.b() + " is not in a prefix from the mesh pool " + POOL);

        // The handshake, then babel's routes across the tunnel: B's client reaches A's and A's reaches B's.
        awaitTrue("B's client to reach A's client through the tunnel", Duration.ofSeconds(120),
                "ip netns exec lnpeer busybox ping -c 1 -W 2 " + clients.a());
        sh("ip netns exec lnlan busybox ping -c 2 -W 5 " + clients.b());

        // Each island's names across the tunnel: A's through B's router, B's through A's.
        awaitTrue("B's router to answer a.mesh", Duration.ofSeconds(60),
                "ip netns exec lnpeer busybox nslookup -type=a a.mesh " + clients.bRouter()
                        + " | grep -q 'Address: " + RouterQemuIT.LAN_ROUTER + "'");
        awaitTrue("A's router to answer b.mesh", Duration.ofSeconds(60),
                "ip netns exec lnlan busybox nslookup -type=a b.mesh " + RouterQemuIT.LAN_ROUTER
                        + " | grep -q 'Address: " + clients.bRouter() + "'");

        // B's client reaches the Internet through A's uplink, never through the NAT in front of B.
        awaitTrue("B's client to fetch the WAN target", Duration.ofSeconds(60),
                "ip netns exec lnpeer busybox wget -q -O " + dir.resolve("hello.txt") + " " + RouterQemuIT.TARGET);
        assertEquals("hello from the WAN target\n", Files.readString(dir.resolve("hello.txt")));
        String httpdLog = Files.readString(Path.of(RouterQemuIT.STATE, "httpd.log"));
        assertTrue(httpdLog.contains(TunnelIslands.A_WAN + ":"), "the target did not see A's WAN address:\n" + httpdLog);
        assertFalse(httpdLog.contains(TunnelIslands.NAT_OUTSIDE + ":"),
                "B's client left through B's own WAN (the NAT) although B has wan.uplink=no:\n" + httpdLog);

        islandBsSecondRouter(clients);

        // The wrong key: tunnel c on A (and x on B, its other end) never shakes hands nor decrypts a packet;
        // b and a do. The runtime's state says so on the consoles; the kernel's counters agree.
        assertTrue(islands.aConsole().stream().anyMatch(l -> l.contains("tunnel b: up, handshake with")),
                "A's console never said tunnel b is up");
        assertTrue(islands.bConsole().stream().anyMatch(l -> l.contains("tunnel a: up, handshake with")),
                "B's console never said tunnel a is up");
        assertFalse(islands.aConsole().stream().anyMatch(l -> l.contains("tunnel c: up")), "A's wrong-key tunnel c came up");
        assertFalse(islands.bConsole().stream().anyMatch(l -> l.contains("tunnel x: up")), "B's tunnel x came up");
        Pattern wrongKeyState = Pattern.compile("\\{\"name\":\"c\",\"peer_key\":\"[^\"]+\",\"status\":\"no_handshake\"");
        String goodState = "{\"name\":\"b\",\"peer_key\":\"" + islands.bPublicKey().base64() + "\",\"status\":\"up\"";
        mqtt.await(m -> m.topic().equals("lowernet/" + SITE + "/a/statistics") && m.payload().contains(goodState)
                && wrongKeyState.matcher(m.payload()).find(), Duration.ofSeconds(30));
        assertTrue(packetsIn(islands.onA("cat /sys/class/net/b/statistics/rx_packets")) > 0, "A's tunnel b got nothing");
        assertTrue(packetsIn(islands.onB(clients.bRouter(), "cat /sys/class/net/a/statistics/rx_packets")) > 0,
                "B's tunnel a got nothing");
        assertEquals(0, packetsIn(islands.onA("cat /sys/class/net/c/statistics/rx_packets")),
                "A's tunnel c, whose peer's public key is not B's, received packets");
        assertEquals(0, packetsIn(islands.onB(clients.bRouter(), "cat /sys/class/net/x/statistics/rx_packets")),
                "B's tunnel x to A's wrong-key tunnel received packets");

        natFlush(clients);
        scan(islands);
        noPrivateKeys(islands, clients, mqtt);

        // A power cut on B: the same key from /data, and the tunnel back.
        WgPublicKey before = islands.bPublicKey();
        islands.rebootB();
        assertEquals(before, islands.bConsoleKey(), "B's public key changed across a reboot");
        TunnelIslands.secondsUntil("ip netns exec lnlan busybox ping -c 1 -W 1 " + clients.b(),
                Duration.ofMillis(200), Duration.ofSeconds(120)).orElseThrow(() -> new AssertionError(
                "A's client did not reach B's client within 120 s of B's reboot"));
        System.out.printf("tunnel: after B's reboot, %.1f s from B's ready to the first packet across the tunnel%n",
                (System.nanoTime() - islands.bReadyNanos()) / 1e9);
        assertEquals(before.base64(), lowernetTunnelKey(islands.onB(clients.bRouter(), LOWERNET + " tunnel-key")),
                "lowernet tunnel-key on B after the reboot");

        // Other nodes learn A's public key from its nodeinfo.
        mqtt.await(m -> m.topic().equals("lowernet/" + SITE + "/a/nodeinfo")
                && m.payload().contains(islands.aKey().publicKey().base64()), Duration.ofSeconds(30));
    }

    /**
     * C, B's neighbour by cable with no WAN: its client's lease is in C's own prefix from the pool, not B's; C's
     * client and A's reach each other (C, B, the tunnel, A), C's client fetches the WAN target, which sees A's WAN
     * address and never the NAT's, and A's router answers {@code c.mesh} with C's LAN address.
     */
    private void islandBsSecondRouter(TunnelIslands.Clients clients) throws Exception {
        TunnelIslands.CClient c = TunnelIslands.leaseC(dir);
        InetAddress cClient = InetAddress.getByName(c.address());
        Cidr cPrefix = Cidr.parse(c.router() + "/" + PREFIX_LENGTH);
        Cidr bPrefix = Cidr.parse(clients.bRouter() + "/" + PREFIX_LENGTH);
        assertTrue(POOL.contains(cClient) && cPrefix.contains(cClient), "C's client " + c.address()
                + " is not in C's prefix " + cPrefix.subnet() + " from the mesh pool " + POOL);
        assertFalse(cPrefix.overlaps(bPrefix), "C took B's prefix " + bPrefix.subnet());

        awaitTrue("C's client to reach A's client through B and the tunnel", Duration.ofSeconds(120),
                "ip netns exec lnpeer2 busybox ping -c 1 -W 2 " + clients.a());
        sh("ip netns exec lnlan busybox ping -c 2 -W 5 " + c.address());

        Path httpdLog = Path.of(RouterQemuIT.STATE, "httpd.log");
        int seen = Files.readString(httpdLog).length();
        awaitTrue("C's client to fetch the WAN target", Duration.ofSeconds(60),
                "ip netns exec lnpeer2 busybox wget -q -O " + dir.resolve("hello-c.txt") + " " + RouterQemuIT.TARGET);
        assertEquals("hello from the WAN target\n", Files.readString(dir.resolve("hello-c.txt")));
        String cRequests = Files.readString(httpdLog).substring(seen);
        assertTrue(cRequests.contains(TunnelIslands.A_WAN + ":"),
                "the target did not see A's WAN address for C's client's request:\n" + cRequests);
        assertFalse(cRequests.contains(TunnelIslands.NAT_OUTSIDE + ":"),
                "C's client left through B's WAN (the NAT) although B has wan.uplink=no:\n" + cRequests);

        awaitTrue("A's router to answer c.mesh", Duration.ofSeconds(60),
                "ip netns exec lnlan busybox nslookup -type=a c.mesh " + RouterQemuIT.LAN_ROUTER
                        + " | grep -q 'Address: " + c.router() + "'");
        System.out.printf("tunnel: island B's second router C (prefix %s, B's %s): C's client reached A's client,"
                + " A's C's, the WAN target through A's uplink; A's router answered c.mesh%n", cPrefix.subnet(),
                bPrefix.subnet());
    }

    /**
     * The NAT forgets every mapping (netlab nat-flush); its next one for B's tunnel takes another port (netlab
     * masquerades with random ports), and A's client reaches B's client again within keepalive plus a bound.
     */
    private void natFlush(TunnelIslands.Clients clients) throws Exception {
        int before = natPort();
        sh(RouterQemuIT.NETLAB + " nat-flush");
        Duration bound = KEEPALIVE.plus(RECOVERY_BOUND);
        double seconds = TunnelIslands.secondsUntil("ip netns exec lnlan busybox ping -c 1 -W 1 " + clients.b(),
                Duration.ofMillis(200), bound).orElseThrow(() -> new AssertionError(
                "the tunnel did not recover within " + bound.toSeconds() + " s of the NAT forgetting its mappings"));
        int after = natPort();
        assertNotEquals(before, after, "the NAT kept the tunnel's outside port across the flush: nothing was tested");
        System.out.printf("tunnel: NAT mappings flushed (outside port %d -> %d): A's client reached B's client again"
                + " after %.1f s (keepalive %d s + bound %d s)%n", before, after, seconds, KEEPALIVE.toSeconds(),
                RECOVERY_BOUND.toSeconds());
    }

    /** The NAT's outside port for B's tunnel to A (conntrack in lnnat). */
    private int natPort() throws Exception {
        HostTools.Result list = HostTools.run(List.of("ip", "netns", "exec", "lnnat", "conntrack", "-L", "-p", "udp"));
        assertEquals(0, list.exitCode(), list.toString());
        Matcher m = NAT_MAPPING.matcher(list.out());
        assertTrue(m.find(), "no NAT mapping for B's tunnel to " + TunnelIslands.A_WAN + ":" + TunnelIslands.PORT
                + ":\n" + list.out());
        return Integer.parseInt(m.group(1));
    }

    /** The three legs of the class comment's argument. */
    private void scan(TunnelIslands islands) throws Exception {
        // Both scans at once: each waits mostly for answers that never come.
        long began = System.nanoTime();
        String tcp;
        String udp;
        double tcpSeconds;
        try (ExecutorService scans = Executors.newSingleThreadExecutor()) {
            Future<String> udpScan = scans.submit(() -> nmap("-sU"));
            tcp = nmap("-sS");
            tcpSeconds = (System.nanoTime() - began) / 1e9;
            udp = udpScan.get(3, TimeUnit.MINUTES);
        }
        double udpSeconds = (System.nanoTime() - began) / 1e9;
        assertTrue(tcp.contains("Ignored State: filtered (65535)"),
                "a TCP port of A's WAN answered (open or closed) instead of being dropped:\n" + tcp);
        assertTrue(udp.contains("Ignored State: open|filtered (65535)"),
                "a UDP port of A's WAN answered (data or port unreachable):\n" + udp);

        String input = islands.onA("nft list chain inet lowernet input");
        assertTrue(input.contains("policy drop;"), "A's input chain does not drop by default:\n" + input);
        Set<Integer> wanPorts = new TreeSet<>();
        for (String rule : input.lines().map(String::strip).filter(l -> l.endsWith("accept")).toList()) {
            if (rule.contains("iifname \"eth0\"")) {
                if (rule.equals("iifname \"eth0\" udp sport 67 udp dport 68 accept")) {
                    continue;
                }
                Matcher m = Pattern.compile("^iifname \"eth0\" udp dport (\\{ [0-9, ]+ }|\\d+) accept$").matcher(rule);
                assertTrue(m.matches(), "A's WAN accepts more than the tunnels' ports: " + rule + "\n" + input);
                for (String port : m.group(1).replaceAll("[{} ]", "").split(",")) {
                    wanPorts.add(Integer.parseInt(port));
                }
            } else if (!rule.contains("iifname ") && !rule.contains("iif ")) {
                assertTrue(rule.startsWith("ct state ") || rule.startsWith("icmpv6 type "),
                        "a rule for every interface, the WAN too: " + rule + "\n" + input);
            }
        }
        assertEquals(Set.of(TunnelIslands.PORT, TunnelIslands.WRONG_PORT), wanPorts,
                "A's WAN accepts other ports than its tunnels' listen ports:\n" + input);
        System.out.printf("tunnel: WAN scan of %s from the Internet namespace: TCP all 65535 ports filtered (%.0f s) and,"
                + " scanned at the same time, UDP all 65535 ports unanswered (%.0f s); the firewall accepts on the WAN only UDP %s%n",
                TunnelIslands.A_WAN, tcpSeconds, udpSeconds, wanPorts);
    }

    /** An nmap scan of every port of A's WAN address from lnwan, greppable output; bounded in time. */
    private static String nmap(String type) throws Exception {
        HostTools.Result scan = HostTools.run(List.of("ip", "netns", "exec", "lnwan", "nmap", type, "-Pn", "-n",
                "-p-", "--min-rate", "5000", "--max-retries", "1", "--host-timeout", "100s", "-oG", "-",
                TunnelIslands.A_WAN));
        assertEquals(0, scan.exitCode(), scan.toString());
        assertFalse(scan.out().contains("Status: Timeout"), "nmap ran out of time:\n" + scan.out());
        return scan.out();
    }

    /**
     * B's key file readable by its owner only; neither private key in A's or B's console, the MQTT messages so far
     * (A's; B has no uplink to the broker), check-config's output on either node, or {@code lowernet tunnel-key}'s.
     */
    private void noPrivateKeys(TunnelIslands islands, TunnelIslands.Clients clients, MosquittoSub mqtt)
            throws Exception {
        String bPrivate = islands.onB(clients.bRouter(), "cat /data/lowernet/tunnel/private.key").strip();
        assertEquals("600 700", islands.onB(clients.bRouter(),
                "stat -c %a /data/lowernet/tunnel/private.key /data/lowernet/tunnel").strip().replace('\n', ' '),
                "B's key file and its folder are not the owner's alone");
        assertEquals(islands.bPublicKey(),
                WgPrivateKey.parse(bPrivate).publicKey(),
                "B's key on /data is not the one whose public key its console printed");
        List<String> outputs = new ArrayList<>();
        outputs.add(String.join("\n", islands.aConsole()));
        outputs.add(String.join("\n", islands.bConsole()));
        mqtt.all().forEach(m -> outputs.add(m.topic() + " " + m.payload()));
        outputs.add(islands.onA(LOWERNET + " check-config /boot/lowernet.conf"));
        outputs.add(islands.onB(clients.bRouter(), LOWERNET + " check-config /boot/lowernet.conf"));
        String aTunnelKey = islands.onA(LOWERNET + " tunnel-key");
        assertEquals(islands.aKey().publicKey().base64(), lowernetTunnelKey(aTunnelKey), "lowernet tunnel-key on A");
        outputs.add(aTunnelKey);
        for (String key : List.of(islands.aKey().base64(), bPrivate)) {
            for (String output : outputs) {
                assertFalse(output.contains(key), "a private key in an output:\n" + output);
            }
        }
        System.out.printf("tunnel: no private key in 2 consoles, %d MQTT messages, check-config and tunnel-key%n",
                mqtt.all().size());
    }

    /** The one public key {@code lowernet tunnel-key} printed. */
    private static String lowernetTunnelKey(String output) {
        Matcher m = Pattern.compile("([A-Za-z0-9+/]{43}=)").matcher(output);
        assertTrue(m.find(), "no key in lowernet tunnel-key's output: " + output);
        return m.group(1);
    }

    private static long packetsIn(String counter) {
        return Long.parseLong(counter.strip());
    }

    private void awaitTrue(String what, Duration timeout, String script) throws Exception {
        TunnelIslands.secondsUntil(script, Duration.ofSeconds(2), timeout).orElseThrow(
                () -> new AssertionError("waited " + timeout.toSeconds() + " s for " + what));
    }

    private String sh(String script) throws Exception {
        return HostTools.sh(dir, script);
    }
}
