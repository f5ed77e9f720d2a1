package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lowernet.image.HostTools;
import org.lowernet.image.qemu.QemuBoot;
import org.lowernet.runtime.wgkey.WgPrivateKey;
import org.lowernet.runtime.wgkey.WgPublicKey;

/**
 * Two mesh islands joined only by a WireGuard tunnel across scripts/netlab's Internet ({@code up --router qemu
 * --tunnel-peer}), images on QEMU virt with stamped cards: island A is one router, the gateway A, with netlab's
 * WAN (always 198.51.100.10) and LAN, listening on {@link #PORT} for tunnel {@code b}. Island B is B behind
 * netlab's NAT (lnnat) with no uplink of its own ({@code wan.uplink=no}), its LAN lnpeer's, no lan.address (so it
 * takes a prefix from the mesh pool), its tunnel {@code a} going to A; with {@link IslandB#TWO_ROUTERS} also C,
 * wired to B by a mesh cable (B's eth2 and C's eth0: a QEMU UDP socket pair on loopback, as in MeshQemuIT), with
 * no WAN at all, its LAN lnpeer2's ({@code netlab lease --peer2}), no lan.address either: C reaches A's island
 * and the Internet over a wired hop to B and then the tunnel.
 *
 * <p>The keys: B's is made on the node at its first boot (the issue's way) and read off its console; A's is made
 * here and put on A's card as {@code tunnel.key} (the card import, as {@code lowernet stamp --tunnel-keys} does).
 * So B boots first, and A is stamped with B's public key once B has printed it. B's tunnel {@code x} goes to A's
 * tunnel {@code c} on {@link #WRONG_PORT}, which names another public key than B's: that pair never shakes hands.
 * Used by TunnelQemuIT and TunnelBenchmark; needs root (namespaces, TAPs).
 */
final class TunnelIslands implements AutoCloseable {

    static final String A_WAN = "198.51.100.10";
    static final String NAT_OUTSIDE = "198.51.100.2";
    static final int PORT = 51820;
    static final int WRONG_PORT = 51821;
    /** Up to three VMs of two vCPUs boot at once on CI's two cores: room for the slowest of them. */
    static final Duration READY = Duration.ofSeconds(420);
    /** The mesh pool B's and C's LAN prefixes come from (the default mesh.pool). */
    static final String POOL = "10.77.0.0/16";
    /** A line with a WireGuard public key on a console: the key is group 1. */
    static final Pattern PUBLIC_KEY = Pattern.compile("(?i)public key\\D{0,20}?([A-Za-z0-9+/]{43}=)");
    /** Partition 1 (FAT) starts at sector 8192. */
    private static final long FAT_OFFSET = 8192 * DataCards.SECTOR;
    private static final List<String> B_NICS = List.of(
            "-netdev", "tap,id=wan,ifname=lntapn,script=no,downscript=no",
            "-device", "virtio-net-pci,netdev=wan,mac=52:54:00:4c:4e:06,romfile=",
            "-netdev", "tap,id=lan,ifname=lntapp,script=no,downscript=no",
            "-device", "virtio-net-pci,netdev=lan,mac=52:54:00:4c:4e:05,romfile=");
    private static final String B_MESH_MAC = "52:54:00:4c:4e:07";
    private static final String C_MESH_MAC = "52:54:00:4c:4e:08";
    private static final List<String> C_LAN_NIC = List.of(
            "-netdev", "tap,id=lan,ifname=lntapq,script=no,downscript=no",
            "-device", "virtio-net-pci,netdev=lan,mac=52:54:00:4c:4e:09,romfile=");

    /** Island B's routers: B alone (the benchmark: nothing else on the CPU), or B and C wired to it. */
    enum IslandB {
        ONE_ROUTER, TWO_ROUTERS
    }

    private final Path dir;
    private final DataCards.Card a;
    private final DataCards.Card b;
    private final WgPrivateKey aKey;
    private final WgPublicKey bPublicKey;
    private final List<String> aConsole;
    private final List<String> bConsole;
    private final List<String> cConsole;
    private final QemuBoot aVm;
    private final Optional<QemuBoot> cVm;
    /** B's NICs, its mesh cable to C among them when there is a C: the same at every boot of B. */
    private final List<String> bNics;
    private QemuBoot bVm;
    private int bBoots;
    /** When B's last boot said ready (System.nanoTime). */
    private long bReady;

    private TunnelIslands(Path dir, DataCards.Card a, DataCards.Card b, WgPrivateKey aKey, WgPublicKey bPublicKey,
            List<String> aConsole, List<String> bConsole, List<String> cConsole, QemuBoot aVm, QemuBoot bVm,
            Optional<QemuBoot> cVm, List<String> bNics, long bReady) {
        this.dir = dir;
        this.a = a;
        this.b = b;
        this.aKey = aKey;
        this.bPublicKey = bPublicKey;
        this.aConsole = aConsole;
        this.bConsole = bConsole;
        this.cConsole = cConsole;
        this.aVm = aVm;
        this.bVm = bVm;
        this.cVm = cVm;
        this.bNics = bNics;
        this.bReady = bReady;
    }

    /**
     * Boots both islands until ready on netlab's {@code up --router qemu --tunnel-peer}, which the caller brought
     * up; {@code extraA}/{@code extraB} are more {@code key=value} settings for A's and B's cards (e.g. an MQTT
     * broker). C needs no one's key, so it boots with B, and A joins them once B has printed its key.
     */
    static TunnelIslands start(Path image, Path dir, List<String> extraA, List<String> extraB, IslandB islandB)
            throws Exception {
        DataCards.requireHost("mcopy", "conntrack");
        WgPrivateKey aKey = WgPrivateKey.generate();
        WgPublicKey stranger = WgPrivateKey.generate().publicKey();
        List<String> bSettings = new ArrayList<>(List.of("node.name=b", "interface.eth0.role=wan",
                "interface.eth1.role=lan", "wan.mode=dhcp", "wan.uplink=no",
                "tunnel.a.peer=" + A_WAN + ":" + PORT, "tunnel.a.public_key=" + aKey.publicKey().base64(),
                "tunnel.x.peer=" + A_WAN + ":" + WRONG_PORT, "tunnel.x.public_key=" + aKey.publicKey().base64()));
        bSettings.addAll(extraB);
        List<String> bNics = new ArrayList<>(B_NICS);
        Optional<DataCards.Card> c = Optional.empty();
        List<String> cNics = new ArrayList<>();
        if (islandB == IslandB.TWO_ROUTERS) {
            int bPort = MeshQemuIT.freeUdpPort();
            int cPort = MeshQemuIT.freeUdpPort();
            bSettings.add("interface.eth2.role=mesh");
            bNics.addAll(MeshQemuIT.meshNic(bPort, cPort, B_MESH_MAC));
            c = Optional.of(DataCards.stampedOnly(image, dir, "c.img", 0, List.of("node.name=c",
                    "interface.eth0.role=mesh", "interface.eth1.role=lan")));
            cNics.addAll(MeshQemuIT.meshNic(cPort, bPort, C_MESH_MAC));
            cNics.addAll(C_LAN_NIC);
        }
        DataCards.Card b = DataCards.stampedOnly(image, dir, "b.img", 0, bSettings);
        TunnelIslands islands = null;
        QemuBoot bVm = null;
        Optional<QemuBoot> cVm = Optional.empty();
        try {
            List<String> bConsole = new CopyOnWriteArrayList<>();
            List<String> cConsole = new CopyOnWriteArrayList<>();
            bVm = QemuBoot.start(DataCards.virt(b.file(), dir.resolve("b-boot-1"), bNics),
                    line -> log("b", line, bConsole));
            if (c.isPresent()) {
                cVm = Optional.of(QemuBoot.start(DataCards.virt(c.get().file(), dir.resolve("c-boot"), cNics),
                        line -> log("c", line, cConsole)));
            }
            String keyLine = bVm.awaitLine(line -> PUBLIC_KEY.matcher(line).find(), READY);
            WgPublicKey bPublicKey = publicKey(keyLine);

            List<String> aSettings = new ArrayList<>(List.of("node.name=a",
                    "tunnel.b.listen_port=" + PORT, "tunnel.b.public_key=" + bPublicKey.base64(),
                    "tunnel.c.listen_port=" + WRONG_PORT, "tunnel.c.public_key=" + stranger.base64()));
            aSettings.addAll(extraA);
            DataCards.Card a = DataCards.stamped(image, dir, "a.img", 0, aSettings.toArray(String[]::new));
            writeCardKey(a.file(), aKey, dir);
            List<String> aConsole = new CopyOnWriteArrayList<>();
            QemuBoot aVm = QemuBoot.start(DataCards.virt(a.file(), dir.resolve("a-boot"), List.of(RouterQemuIT.NETLAB_NICS)),
                    line -> log("a", line, aConsole));
            line(bVm, bConsole, l -> l.contains(QemuBoot.READY_MARKER), READY);
            long bReady = System.nanoTime();
            islands = new TunnelIslands(dir, a, b, aKey, bPublicKey, aConsole, bConsole, cConsole, aVm, bVm, cVm,
                    List.copyOf(bNics), bReady);
            islands.bBoots = 1;
            aVm.awaitReady(READY);
            if (cVm.isPresent()) {
                line(cVm.get(), cConsole, l -> l.contains(QemuBoot.READY_MARKER), READY);
            }
            return islands;
        } catch (Exception | AssertionError e) {
            if (islands != null) {
                islands.close();
            } else {
                cVm.ifPresent(QemuBoot::close);
                if (bVm != null) {
                    bVm.close();
                }
            }
            throw e;
        }
    }

    /** The first public key on a console line. */
    static WgPublicKey publicKey(String line) {
        Matcher m = PUBLIC_KEY.matcher(line);
        assertTrue(m.find(), "no public key in " + line);
        return WgPublicKey.parse(m.group(1));
    }

    /** Puts {@code key} on the card's FAT as {@code tunnel.key}: base64 and a newline, as wg genkey writes it. */
    private static void writeCardKey(Path card, WgPrivateKey key, Path dir) throws Exception {
        Path file = dir.resolve("tunnel.key");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(file, key.base64() + "\n");
            HostTools.Result copied = HostTools.run(List.of("mcopy", "-o", "-i", card + "@@" + FAT_OFFSET,
                    file.toString(), "::tunnel.key"));
            assertEquals(0, copied.exitCode(), copied.toString());
        } finally {
            Files.delete(file);
        }
    }

    /** B powered off (the harness cuts it) and booted again from the same card, until ready; its console anew. */
    void rebootB() throws Exception {
        bVm.close();
        bConsole.clear();
        bBoots++;
        bVm = QemuBoot.start(DataCards.virt(b.file(), dir.resolve("b-boot-" + bBoots), bNics),
                line -> log("b", line, bConsole));
        bVm.awaitReady(READY);
        bReady = System.nanoTime();
    }

    /** B's public key as its console printed it in its current boot. */
    WgPublicKey bConsoleKey() {
        return publicKey(line(bVm, bConsole, l -> PUBLIC_KEY.matcher(l).find(), Duration.ofSeconds(30)));
    }

    /**
     * The first line of {@code console} that {@code wanted} accepts, or else the next such line the VM prints:
     * {@link QemuBoot#awaitLine} only sees lines after those it has passed, and the ready line and the key line
     * come in either order.
     */
    private static String line(QemuBoot vm, List<String> console, Predicate<String> wanted, Duration timeout) {
        for (String line : console) {
            if (wanted.test(line)) {
                return line;
            }
        }
        return vm.awaitLine(wanted, timeout);
    }

    WgPrivateKey aKey() {
        return aKey;
    }

    /** B's public key as its console printed it at its first boot. */
    WgPublicKey bPublicKey() {
        return bPublicKey;
    }

    List<String> aConsole() {
        return List.copyOf(aConsole);
    }

    List<String> bConsole() {
        return List.copyOf(bConsole);
    }

    long bReadyNanos() {
        return bReady;
    }

    QemuBoot aVm() {
        return aVm;
    }

    QemuBoot bVm() {
        return bVm;
    }

    /** A LAN lease for A's client (lnlan) and B's (lnpeer): their addresses, and B's router's LAN address. */
    record Clients(String a, String b, String bRouter) {
    }

    static Clients lease(Path dir) throws Exception {
        String aClient = HostTools.sh(dir, RouterQemuIT.NETLAB + " lease").strip();
        String bClient = HostTools.sh(dir, RouterQemuIT.NETLAB + " lease --peer").strip();
        return new Clients(aClient, bClient, leaseRouter("peer-client"));
    }

    /** A LAN lease for C's client (lnpeer2, with {@link IslandB#TWO_ROUTERS}): its address and C's router's. */
    record CClient(String address, String router) {
    }

    static CClient leaseC(Path dir) throws Exception {
        String address = HostTools.sh(dir, RouterQemuIT.NETLAB + " lease --peer2").strip();
        return new CClient(address, leaseRouter("peer2-client"));
    }

    /** The DNS server (the client's router: lowernet hands out its own LAN address) of netlab's lease {@code name}. */
    private static String leaseRouter(String name) throws Exception {
        return Files.readString(Path.of(RouterQemuIT.STATE, name + ".resolv")).strip().replace("nameserver ", "");
    }

    /** Runs {@code command} on A over SSH from its LAN (lnlan) with the stamped admin key. */
    String onA(String command) throws Exception {
        return overSsh("lnlan", a.adminKey(), RouterQemuIT.LAN_ROUTER, command);
    }

    /** Runs {@code command} on B over SSH from its LAN (lnpeer) at {@code bRouter}. */
    String onB(String bRouter, String command) throws Exception {
        return overSsh("lnpeer", b.adminKey(), bRouter, command);
    }

    private static String overSsh(String namespace, Path key, String host, String command) throws Exception {
        HostTools.Result result = HostTools.run(List.of("ip", "netns", "exec", namespace, "dbclient", "-y", "-i",
                key.toString(), "root@" + host, command));
        assertEquals(0, result.exitCode(), "ssh " + host + " " + command + ": " + result);
        return result.out();
    }

    /** Seconds until {@code script} (sh -c) exits 0, trying every {@code every}; empty when {@code timeout} passes. */
    static Optional<Double> secondsUntil(String script, Duration every, Duration timeout) throws Exception {
        long began = System.nanoTime();
        long deadline = began + timeout.toNanos();
        do {
            if (HostTools.run(List.of("sh", "-c", script)).exitCode() == 0) {
                return Optional.of((System.nanoTime() - began) / 1e9);
            }
            Thread.sleep(every.toMillis());
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    private static void log(String vm, String line, List<String> console) {
        System.out.println(vm + "| " + line);
        console.add(line);
    }

    /** Stops the VMs (power cuts) and saves their consoles beside the cards; netlab is the caller's to take down. */
    @Override
    public void close() throws Exception {
        try {
            aVm.close();
        } finally {
            try {
                cVm.ifPresent(QemuBoot::close);
            } finally {
                if (bVm != null) {
                    bVm.close();
                }
                Files.write(dir.resolve("a-console.log"), aConsole);
                Files.write(dir.resolve("b-console.log"), bConsole);
                if (cVm.isPresent()) {
                    Files.write(dir.resolve("c-console.log"), cConsole);
                }
            }
        }
    }
}
