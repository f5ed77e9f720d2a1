package org.lowernet.runtime.mesh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/netlab mesh}: a mesh of real routers to try by hand, in namespaces (root): NODES router
 * namespaces, each with the real daemon, babeld, dnsmasq and nft, joined by veth mesh links in a line (or a
 * ring), an ISP namespace on the WAN of each node named in {@code --uplinks}, a LAN client namespace on every
 * node; the routers pick their prefixes from the default pool. It prints where everything is, the routers'
 * logs (each line tagged a|, b|, …), and runs until Ctrl-C (or {@code --for SECONDS}), then removes it all.
 */
public final class NetlabMesh {

    private static final String USAGE = "usage: scripts/netlab mesh [--nodes N (2 to 12, default 4)] [--ring]"
            + " [--uplinks I,J,... (node numbers from 0, default 0)] [--for SECONDS]";

    record Options(int nodes, boolean ring, List<Integer> uplinks, Optional<Duration> duration) {
    }

    private NetlabMesh() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("netlab mesh: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        Path folder = Files.createTempDirectory("lowernet-netlab-mesh");
        MeshLab lab = MeshLab.create(folder, options.nodes());
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            done.countDown();
            try {
                lab.close();
            } catch (Exception e) {
                System.err.println("netlab mesh: removing the namespaces: " + e);
            }
        }, "netlab-mesh-down"));
        lab.automaticPrefixes();
        for (int i = 0; i + 1 < options.nodes(); i++) {
            lab.link(i, i + 1);
        }
        if (options.ring() && options.nodes() > 2) {
            lab.link(options.nodes() - 1, 0);
        }
        for (int node : options.uplinks()) {
            lab.uplink(node);
        }
        for (int i = 0; i < options.nodes(); i++) {
            lab.start(i, "");
        }
        for (int i = 0; i < options.nodes(); i++) {
            lab.await(i, "lowernet ready", 0);
        }
        System.out.println("netlab mesh: " + options.nodes() + " routers in a " + (options.ring() ? "ring" : "line")
                + ", uplinks on " + options.uplinks());
        for (int i = 0; i < options.nodes(); i++) {
            System.out.printf("netlab mesh: %s %s: router namespace %s (LAN %s), client namespace %s%n",
                    MeshLab.tag(i), MeshLab.name(i), lab.nodes.get(i).name, lab.prefix(i), lab.clientOf(i).name);
        }
        int far = options.nodes() - 1;
        String client = lab.clientOf(far).name;
        System.out.printf("netlab mesh: ready; %s's client has %s; try: ip netns exec %s busybox nslookup %s.mesh %s;"
                + " ip netns exec %s busybox traceroute -n %s; Ctrl-C removes it all%n", MeshLab.tag(far),
                lab.clientLease(far), client, MeshLab.name(0), lab.router(far), client, lab.router(0));
        if (options.duration().isPresent()) {
            done.await(options.duration().get().toSeconds(), TimeUnit.SECONDS);
            System.exit(0);
        }
        done.await();
    }

    static Options parse(String[] args) {
        int nodes = 4;
        boolean ring = false;
        List<Integer> uplinks = List.of(0);
        Optional<Duration> duration = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = number(args, ++i, 2, 12);
                case "--ring" -> ring = true;
                case "--uplinks" -> {
                    List<Integer> list = new ArrayList<>();
                    for (String part : value(args, ++i).split(",")) {
                        list.add(number(part, 0, 11));
                    }
                    uplinks = List.copyOf(list);
                }
                case "--for" -> duration = Optional.of(Duration.ofSeconds(number(args, ++i, 1, 86400)));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        for (int node : uplinks) {
            if (node >= nodes) {
                throw new IllegalArgumentException("--uplinks names node " + node + ", but there are " + nodes
                        + " (0 to " + (nodes - 1) + ")");
            }
        }
        return new Options(nodes, ring, uplinks, duration);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int number(String[] args, int i, int min, int max) {
        return number(value(args, i), min, max);
    }

    private static int number(String text, int min, int max) {
        if (!text.matches("[0-9]{1,6}") || Integer.parseInt(text) < min || Integer.parseInt(text) > max) {
            throw new IllegalArgumentException("'" + text + "' is not a number from " + min + " to " + max);
        }
        return Integer.parseInt(text);
    }
}
