package org.lowernet.runtime.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.lowernet.runtime.net.Netns;
import org.lowernet.runtime.router.NetLab;

/**
 * A mesh of lowernet nodes in namespaces, for any topology: N router namespaces (named a, b, c, … in the
 * log), each with a LAN client namespace, veth mesh links between any two of them, and on any node an ISP
 * namespace on its WAN ({@link NetLab}'s ISP and HTTP target). Each node runs the real daemon JVM (with real babeld, dnsmasq,
 * nft) with a static LAN {@code 10.77.<n+1>.1/24}; in node i the link to node j is {@code mesh<j>}, its WAN
 * {@code wan0}, its LAN {@code lan0} (the client's end: {@code lanp}).
 */
final class MeshLab implements AutoCloseable {

    /** Babel's hello interval in the lab: convergence in seconds, not tens of seconds. */
    static final int HELLO_MS = 500;

    final NetLab net;
    final List<Netns> nodes = new ArrayList<>();
    private final TreeMap<Integer, TreeSet<Integer>> links = new TreeMap<>();
    private final TreeMap<Integer, Netns> isps = new TreeMap<>();
    private final TreeMap<Integer, Netns> clients = new TreeMap<>();
    private final TreeMap<Integer, Process> daemons = new TreeMap<>();
    private final TreeMap<Integer, Long> started = new TreeMap<>();

    private MeshLab(NetLab net) {
        this.net = net;
    }

    /** {@code count} router namespaces with their LAN client namespaces, not yet linked. */
    static MeshLab create(Path folder, int count) throws IOException, InterruptedException {
        MeshLab lab = new MeshLab(new NetLab(folder));
        try {
            for (int i = 0; i < count; i++) {
                lab.nodes.add(lab.net.namespace());
                lab.links.put(i, new TreeSet<>());
                lab.addClient(i);
            }
            return lab;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            lab.close();
            throw e;
        }
    }

    /** The node's tag in the log: a, b, c, … */
    static String tag(int node) {
        return String.valueOf((char) ('a' + node));
    }

    /** A mesh link (veth) between two nodes; the daemons bring its ends up, as a cable plugged in. */
    void link(int a, int b) throws IOException, InterruptedException {
        nodes.get(a).ip("link", "add", "mesh" + b, "type", "veth", "peer", "name", "mesh" + a, "netns",
                nodes.get(b).name);
        links.get(a).add(b);
        links.get(b).add(a);
    }

    /** An ISP namespace on the node's wan0 (DHCP, DNS, the HTTP target on {@value NetLab#ISP}:8080). */
    Netns uplink(int node) throws IOException, InterruptedException {
        Netns isp = net.namespace();
        nodes.get(node).ip("link", "add", "wan0", "type", "veth", "peer", "name", "wanp", "netns", isp.name);
        isp.ip("addr", "add", NetLab.ISP + "/24", "dev", "wanp");
        isp.ip("link", "set", "wanp", "up");
        net.startIsp(isp, "wanp");
        net.startTarget(isp);
        isps.put(node, isp);
        return isp;
    }

    /** A LAN client namespace on the node's lan0 (its end: lanp, up, no address until {@link #clientLease}). */
    private void addClient(int node) throws IOException, InterruptedException {
        Netns client = net.namespace();
        nodes.get(node).ip("link", "add", "lan0", "type", "veth", "peer", "name", "lanp", "netns", client.name);
        client.ip("link", "set", "lanp", "up");
        clients.put(node, client);
    }

    /** The node's static LAN address, 10.77.(node+1).1. */
    static String lanRouter(int node) {
        return "10.77." + (node + 1) + ".1";
    }

    /** The node's lowernet.conf: its roles (mesh links, WAN when it has an ISP, the LAN), its LAN. */
    String config(int node) {
        StringBuilder out = new StringBuilder();
        for (int peer : links.get(node)) {
            out.append("interface.mesh").append(peer).append(".role = mesh\n");
        }
        if (isps.containsKey(node)) {
            out.append("interface.wan0.role = wan\n");
        }
        out.append("interface.lan0.role = lan\n");
        String net24 = "10.77." + (node + 1) + ".";
        out.append("lan.address = ").append(net24).append("1/24\n");
        out.append("lan.dhcp.range = ").append(net24).append("100-").append(net24).append("150\n");
        out.append("lan.dhcp.lease = 2m\n");
        return out.toString();
    }

    /** Starts the node's daemon with {@link #config} plus {@code extra} lines. */
    void start(int node, String extra) throws IOException {
        started.put(node, System.nanoTime());
        daemons.put(node, net.startDaemon(nodes.get(node), tag(node), serial(node),
                config(node) + extra, "lowernet.test.babel.hello=" + HELLO_MS));
    }

    /** When the node's daemon was started (System.nanoTime). */
    long startedAt(int node) {
        return started.get(node);
    }

    /** The node's name: lowernet's default from the serial number the lab gives it. */
    static String name(int node) {
        return "lowernet-" + serial(node);
    }

    private static String serial(int node) {
        return String.format("c0ff%02x", node);
    }

    /** The node client's lease on its lanp. */
    String clientLease(int node) throws IOException, InterruptedException {
        return net.clientLease(clients.get(node), "lanp", "");
    }

    Netns clientOf(int node) {
        return clients.get(node);
    }

    /** Waits for the node's log line containing {@code text} from line {@code from}; returns the line. */
    String await(int node, String text, int from) throws InterruptedException {
        return net.lines.get(net.await(tag(node) + "| " + text, from));
    }

    /**
     * Waits for a mesh view the node logged ({@link MeshView#summary()}) in which {@code regex} is found; returns
     * the line.
     */
    /** Waits for the node's LED line ("leds: online (status=..., mesh=solid)") containing {@code text}. */
    String awaitLeds(int node, String text, int from) throws InterruptedException {
        String prefix = tag(node) + "| ";
        return net.lines.get(net.await(l -> l.startsWith(prefix) && l.contains("leds: ") && l.contains(text),
                "an LED line of " + tag(node) + " with '" + text + "'", from));
    }

    String awaitView(int node, String regex, int from) throws InterruptedException {
        String prefix = tag(node) + "| mesh: id ";
        Pattern pattern = Pattern.compile(regex);
        return net.lines.get(net.await(l -> l.startsWith(prefix) && pattern.matcher(l).find(),
                "a mesh view of " + tag(node) + " matching '" + regex + "'", from));
    }

    /**
     * Sends {@code signal} (e.g. "USR2": udhcpc releases its lease; "9") to the one process in the node's
     * namespace whose command line contains {@code program}.
     */
    void signal(int node, String program, String signal) throws IOException, InterruptedException {
        List<Long> pids = NetLab.pids(nodes.get(node), program);
        assertEquals(1, pids.size(), program + " in " + tag(node) + ": " + pids);
        new ProcessBuilder("kill", "-" + signal, pids.getFirst().toString()).inheritIO().start().waitFor();
    }

    /** The last mesh view line the node logged, if any. */
    Optional<String> lastView(int node) {
        synchronized (net.lines) {
            return net.lines.reversed().stream().filter(l -> l.startsWith(tag(node) + "| mesh: id ")).findFirst();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        net.close();
    }
}
