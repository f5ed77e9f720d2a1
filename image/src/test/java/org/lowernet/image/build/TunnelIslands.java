package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lowernet.image.HostTools;
import org.lowernet.image.qemu.QemuBoot;
import org.lowernet.runtime.wgkey.WgPrivateKey;
import org.lowernet.runtime.wgkey.WgPublicKey;

/**
 * Two islands joined only by a WireGuard tunnel across scripts/netlab's Internet ({@code up --router qemu
 * --tunnel-peer}), each an image on QEMU virt with a stamped card: A, the gateway, has netlab's WAN (always
 * 198.51.100.10) and LAN and listens on {@link #PORT} for tunnel {@code b}; B sits behind netlab's NAT (lnnat)
 * with no uplink of its own ({@code wan.uplink=no}), its LAN is lnpeer's, it has no lan.address (so it takes a
 * prefix from the mesh pool), and its tunnel {@code a} goes to A.
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
    static final Duration READY = Duration.ofSeconds(240);
    /** The mesh pool B's LAN prefix comes from (the default mesh.pool). */
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

    private final Path dir;
    private final DataCards.Card a;
    private final DataCards.Card b;
    private final WgPrivateKey aKey;
    private final WgPublicKey bPublicKey;
    private final List<String> aConsole;
    private final List<String> bConsole;
    private final QemuBoot aVm;
    private QemuBoot bVm;
    private int bBoots;
    /** When B's last boot said ready (System.nanoTime). */
    private long bReady;

    private TunnelIslands(Path dir, DataCards.Card a, DataCards.Card b, WgPrivateKey aKey, WgPublicKey bPublicKey,
            List<String> aConsole, List<String> bConsole, QemuBoot aVm, QemuBoot bVm, long bReady) {
        this.dir = dir;
        this.a = a;
        this.b = b;
        this.aKey = aKey;
        this.bPublicKey = bPublicKey;
        this.aConsole = aConsole;
        this.bConsole = bConsole;
        this.aVm = aVm;
        this.bVm = bVm;
        this.bReady = bReady;
    }

    /**
     * Boots both islands until ready on netlab's {@code up --router qemu --tunnel-peer}, which the caller brought
     * up; {@code extraA}/{@code extraB} are more {@code key=value} settings for each card (e.g. an MQTT broker).
     */
    static TunnelIslands start(Path image, Path dir, List<String> extraA, List<String> extraB) throws Exception {
        DataCards.requireHost("mcopy", "conntrack");
        WgPrivateKey aKey = WgPrivateKey.generate();
        WgPublicKey stranger = WgPrivateKey.generate().publicKey();
        List<String> bSettings = new ArrayList<>(List.of("node.name=b", "interface.eth0.role=wan",
                "interface.eth1.role=lan", "wan.mode=dhcp", "wan.uplink=no",
                "tunnel.a.peer=" + A_WAN + ":" + PORT, "tunnel.a.public_key=" + aKey.publicKey().base64(),
                "tunnel.x.peer=" + A_WAN + ":" + WRONG_PORT, "tunnel.x.public_key=" + aKey.publicKey().base64()));
        bSettings.addAll(extraB);
        DataCards.Card b = DataCards.stampedOnly(image, dir, "b.img", 0, bSettings);
        TunnelIslands islands = null;
        QemuBoot bVm = null;
        try {
            List<String> bConsole = Collections.synchronizedList(new ArrayList<>());
            bVm = QemuBoot.start(DataCards.virt(b.file(), dir.resolve("b-boot-1"), B_NICS), line -> log("b", line, bConsole));
            String keyLine = bVm.awaitLine(line -> PUBLIC_KEY.matcher(line).find(), READY);
            WgPublicKey bPublicKey = publicKey(keyLine);

            List<String> aSettings = new ArrayList<>(List.of("node.name=a",
                    "tunnel.b.listen_port=" + PORT, "tunnel.b.public_key=" + bPublicKey.base64(),
                    "tunnel.c.listen_port=" + WRONG_PORT, "tunnel.c.public_key=" + stranger.base64()));
            aSettings.addAll(extraA);
            DataCards.Card a = DataCards.stamped(image, dir, "a.img", 0, aSettings.toArray(String[]::new));
            writeCardKey(a.file(), aKey, dir);
            List<String> aConsole = Collections.synchronizedList(new ArrayList<>());
            QemuBoot aVm = QemuBoot.start(DataCards.virt(a.file(), dir.resolve("a-boot"), List.of(RouterQemuIT.NETLAB_NICS)),
                    line -> log("a", line, aConsole));
            line(bVm, bConsole, l -> l.contains(QemuBoot.READY_MARKER), READY);
            long bReady = System.nanoTime();
            islands = new TunnelIslands(dir, a, b, aKey, bPublicKey, aConsole, bConsole, aVm, bVm, bReady);
            islands.bBoots = 1;
            aVm.awaitReady(READY);
            return islands;
        } catch (Exception | AssertionError e) {
            if (islands != null) {
                islands.close();
            } else if (bVm != null) {
                bVm.close();
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
        bVm = QemuBoot.start(DataCards.virt(b.file(), dir.resolve("b-boot-" + bBoots), B_NICS),
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
        synchronized (console) {
            for (String line : console) {
                if (wanted.test(line)) {
                    return line;
                }
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
        String bRouter = Files.readString(Path.of(RouterQemuIT.STATE, "peer-client.resolv")).strip()
                .replace("nameserver ", "");
        return new Clients(aClient, bClient, bRouter);
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

    /** Stops both VMs (power cuts) and saves their consoles beside the cards; netlab is the caller's to take down. */
    @Override
    public void close() throws Exception {
        try {
            aVm.close();
        } finally {
            if (bVm != null) {
                bVm.close();
            }
            Files.write(dir.resolve("a-console.log"), aConsole);
            Files.write(dir.resolve("b-console.log"), bConsole);
        }
    }
}
