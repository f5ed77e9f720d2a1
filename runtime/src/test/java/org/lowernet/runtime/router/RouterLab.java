package org.lowernet.runtime.router;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.lowernet.runtime.net.Netns;

/**
 * Three network namespaces on a {@link NetLab}: {@code wan} (the ISP's DHCP and DNS server on 198.51.100.1 and
 * the HTTP target), {@code router} (the real daemon JVM, with wan0 and lan0 as veth ends) and {@code lan} (a
 * busybox udhcpc client on lanp).
 */
final class RouterLab implements AutoCloseable {

    static final String ISP = NetLab.ISP;
    static final String LAN_ROUTER = "203.0.113.1";
    static final String DAEMON = "daemon";

    final NetLab net;
    final Netns wan;
    final Netns router;
    final Netns lan;
    final Path folder;
    final List<String> lines;
    Process isp;
    Process daemon;

    private RouterLab(NetLab net, Netns wan, Netns router, Netns lan) {
        this.net = net;
        this.wan = wan;
        this.router = router;
        this.lan = lan;
        this.folder = net.folder;
        this.lines = net.lines;
    }

    /** Namespaces and wires; without dnsmasq or busybox: skipped, or failed under CI=true. */
    static RouterLab create(Path folder) throws IOException, InterruptedException {
        NetLab net = new NetLab(folder);
        try {
            RouterLab lab = new RouterLab(net, net.namespace(), net.namespace(), net.namespace());
            lab.router.ip("link", "add", "wan0", "type", "veth", "peer", "name", "wanp", "netns", lab.wan.name);
            lab.router.ip("link", "add", "lan0", "type", "veth", "peer", "name", "lanp", "netns", lab.lan.name);
            lab.wan.ip("addr", "add", ISP + "/24", "dev", "wanp");
            lab.wan.ip("link", "set", "wanp", "up");
            lab.lan.ip("link", "set", "lanp", "up");
            return lab;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            net.close();
            throw e;
        }
    }

    /** The ISP on wanp; see {@link NetLab#startIsp}. */
    void startIsp() throws IOException {
        isp = net.startIsp(wan, "wanp");
    }

    void startTarget() throws IOException {
        net.startTarget(wan);
    }

    /** The daemon JVM in the router namespace, its root below the lab folder. */
    void startDaemon(String config) throws IOException {
        daemon = net.startDaemon(router, DAEMON, "c0ffee", config);
    }

    Path root() {
        return net.root(DAEMON);
    }

    int await(String text, int from) throws InterruptedException {
        return net.await(text, from);
    }

    /** The LAN client asks for a lease on lanp and returns the address. */
    String clientLease(String requested) throws IOException, InterruptedException {
        return net.clientLease(lan, "lanp", requested);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        net.close();
    }
}
