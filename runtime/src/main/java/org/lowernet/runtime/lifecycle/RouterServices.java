package org.lowernet.runtime.lifecycle;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.lowernet.runtime.config.LowernetConfig;
import org.lowernet.runtime.config.MeshPolicy;
import org.lowernet.runtime.config.WanMode;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.mesh.BabelConfig;
import org.lowernet.runtime.mesh.BabelMonitor;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.mesh.BabelService;
import org.lowernet.runtime.mesh.MeshView;
import org.lowernet.runtime.mesh.RouterId;
import org.lowernet.runtime.names.MeshDirectory;
import org.lowernet.runtime.names.MeshNames;
import org.lowernet.runtime.names.MeshNode;
import org.lowernet.runtime.net.DesiredState;
import org.lowernet.runtime.net.Sysctl;
import org.lowernet.runtime.prefix.MeshLan;
import org.lowernet.runtime.router.DnsmasqConfig;
import org.lowernet.runtime.router.DnsmasqService;
import org.lowernet.runtime.router.Firewall;
import org.lowernet.runtime.router.NftRuleset;
import org.lowernet.runtime.router.Programs;
import org.lowernet.runtime.respondd.RespondClient;
import org.lowernet.runtime.respondd.Respondd;
import org.lowernet.runtime.router.ResolvFile;
import org.lowernet.runtime.router.SshService;
import org.lowernet.runtime.router.WanClient;
import org.lowernet.runtime.subsystem.Subsystem;
import org.tinylog.Logger;

/**
 * The router's services after the network, in start order: firewall (essential), static upstream DNS,
 * dnsmasq, the WAN DHCP client, SSH, and with mesh interfaces babeld and its monitor ({@link #mesh()}: the
 * latest {@link org.lowernet.runtime.mesh.MeshView} and its listeners). Paths are below {@code root}:
 * {@code run/lowernet} for generated files, {@code data/lowernet} for what survives a reboot (leases, the SSH
 * host key): the data partition mounted at /data by {@link org.lowernet.runtime.data.DataPartition}, which
 * starts first. When it could not be
 * mounted (it said so), the folder is in RAM like the rest of the root and a reboot loses what is in it.
 */
record RouterServices(List<Subsystem> subsystems, Optional<SshService> ssh, Optional<DnsmasqService> dnsmasq,
                      Optional<BabelService> babel, Optional<BabelMonitor> mesh, ResolvFile resolv,
                      Optional<MeshNames> names) {

    /** How long a router has to say its name (respondd) before the mesh's names go on without it. */
    private static final Duration NAME_WAIT = Duration.ofSeconds(2);

    /** Test-only: babel's hello interval in milliseconds, so that a namespace mesh converges in seconds. */
    static final String BABEL_HELLO_PROPERTY = "lowernet.test.babel.hello";

    /** dnsmasq's lease file below the root; the health reports count its lines. */
    static final String LEASES = "data/lowernet/dnsmasq.leases";

    /** @param lan the LAN served: lowernet.conf's, or on a mesh without lan.address the node's prefix */
    static RouterServices of(Path root, LowernetConfig config, MeshLan lan, InterfacePlan plan,
                             Consumer<DesiredState> desire,
                             String hostname, Consumer<Boolean> uplink, Consumer<List<InetAddress>> ntp,
                             Optional<RouterId> id, EventSink events) {
        Programs programs = Programs.fromSystemProperties();
        Path run = root.resolve("run/lowernet");
        Path data = root.resolve("data/lowernet");
        List<String> lans = plan.lans();
        Optional<String> wan = plan.wan();
        Path keys = root.resolve(config.ssh().authorizedKeys().substring(1));
        boolean ssh = SshService.hasKeys(keys);
        ResolvFile resolv = new ResolvFile(run.resolve("resolv.conf"));

        List<Subsystem> subsystems = new ArrayList<>();
        List<String> meshes = plan.meshes();
        boolean isolated = config.mesh().policy() == MeshPolicy.ISOLATED;
        SortedSet<Integer> tunnelPorts = new TreeSet<>();
        config.tunnels().forEach(tunnel -> tunnel.listenPort().ifPresent(tunnelPorts::add));
        subsystems.add(new Firewall(programs.nft(), new NftRuleset(lans, meshes, wan, ssh, isolated, tunnelPorts), run,
                new Sysctl(root.resolve("proc/sys"))));
        if (config.wan().mode() == WanMode.STATIC) {
            resolv.write(config.wan().dns(), "from wan.dns");
        }
        Optional<DnsmasqService> dnsmasq = Optional.empty();
        Optional<MeshNames> names = Optional.empty();
        if (lans.isEmpty()) {
            Logger.warn("no LAN interface: no DHCP or DNS served");
        } else {
            Optional<DnsmasqConfig.MeshNames> meshDns = meshDns(config, meshes, hostname, run);
            DnsmasqService service = new DnsmasqService(programs.dnsmasq(), new DnsmasqConfig(lans, wan, lan.lan(),
                    root.resolve(LEASES), resolv.file(), lan.automatic(), meshDns), run, events);
            dnsmasq = Optional.of(service);
            // The names' files before dnsmasq, which reads them at its start.
            names = meshDns.map(files -> new MeshNames(files.domain(), new MeshNode(hostname, addresses(lan)),
                    files.hostsDir(), files.serversFile(), root.resolve(LEASES), RouterServices::askName,
                    service::reloadServers));
            names.ifPresent(subsystems::add);
            subsystems.add(service);
        }
        if (wan.isPresent() && config.wan().mode() == WanMode.DHCP) {
            subsystems.add(new WanClient(programs.busybox(), wan.get(), run, plan.desired(), desire, resolv,
                    config.wan().dns(), hostname, uplink, ntp,
                    config.wan().uplink() ? Optional.empty() : Optional.of(tunnelPeers(config)), events));
        }
        Optional<SshService> sshService = Optional.empty();
        if (ssh && !lans.isEmpty()) {
            sshService = Optional.of(new SshService(programs, keys, lan.lan().address().address(), data,
                    root.resolve("root"), events));
            subsystems.add(sshService.get());
        } else {
            Logger.info("ssh: off (no keys in {})", config.ssh().authorizedKeys());
        }
        Optional<BabelService> babel = Optional.empty();
        Optional<BabelMonitor> mesh = Optional.empty();
        if (!meshes.isEmpty() && id.isEmpty()) {
            Logger.warn("mesh: no mesh interface ({}) has a MAC address yet: no babel routing",
                    String.join(" ", meshes));
        } else if (id.isPresent()) {
            Optional<Duration> hello = Optional.ofNullable(System.getProperty(BABEL_HELLO_PROPERTY))
                    .map(ms -> Duration.ofMillis(Long.parseLong(ms)));
            BabelConfig babelConfig = new BabelConfig(id.get(), meshes, plan.tunnels(), lans, source(lans, lan), run, hello);
            babel = Optional.of(new BabelService(programs.babeld(), babelConfig, events));
            subsystems.add(babel.get());
            mesh = Optional.of(new BabelMonitor(babelConfig.socket()));
            subsystems.add(mesh.get());
        }
        return new RouterServices(subsystems, sshService, dnsmasq, babel, mesh, resolv, names);
    }

    /** The tunnels' peers given as addresses ({@code wan.uplink = no} routes only these through the WAN). */
    private static List<InetAddress> tunnelPeers(LowernetConfig config) {
        return config.tunnels().stream().flatMap(tunnel -> tunnel.peer().stream()).flatMap(peer -> {
            try {
                return Stream.of(InetAddress.ofLiteral(peer.host()));
            } catch (IllegalArgumentException e) {
                Logger.error("wan.uplink = no: the tunnel peer {} is a name, not an address: no route to it", peer.host());
                return Stream.empty();
            }
        }).toList();
    }

    /** Names across the mesh when this router has mesh ports and its name is one DNS label. */
    private static Optional<DnsmasqConfig.MeshNames> meshDns(LowernetConfig config, List<String> meshes,
                                                             String hostname, Path run) {
        if (meshes.isEmpty()) {
            return Optional.empty();
        }
        if (!MeshNode.isLabel(hostname)) {
            Logger.warn("mesh names: off, the node name {} is not one DNS label", hostname);
            return Optional.empty();
        }
        return Optional.of(new DnsmasqConfig.MeshNames(config.mesh().domain(), run.resolve("mesh-hosts"),
                run.resolve("mesh-servers"), meshes));
    }

    /** This router's LAN addresses as the mesh's names give them: IPv4 first, then the ULA. */
    private static List<InetAddress> addresses(MeshLan lan) {
        List<InetAddress> addresses = new ArrayList<>(List.of(lan.lan().address().address()));
        lan.ipv6().ifPresent(v6 -> addresses.add(v6.address()));
        return addresses;
    }

    /** A router's name from its nodeinfo (respondd), asked at its LAN address; its ULA addresses with it. */
    private static Optional<MeshNode> askName(InetAddress router) throws IOException {
        try {
            return new RespondClient(Respondd.PORT).ask(router, NAME_WAIT).flatMap(answer -> answer.hostname()
                    .map(name -> new MeshNode(name.toLowerCase(Locale.ROOT), Stream.concat(Stream.of(router),
                            answer.addresses().stream().flatMap(RouterServices::ula)).toList())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The address when it is a ULA (fc00::/7), the only IPv6 addresses a mesh router's names carry. */
    private static Stream<InetAddress> ula(String text) {
        try {
            Cidr address = Cidr.parse(text.contains("/") ? text : text + "/128");
            return (address.address().getAddress()[0] & 0xFE) == 0xFC && address.address().getAddress().length == 16
                    ? Stream.of(address.address()) : Stream.empty();
        } catch (IllegalArgumentException e) {
            Logger.debug("mesh names: passing over the address {}: {}", text, e.getMessage());
            return Stream.empty();
        }
    }

    /**
     * Babel's view changed: DNS goes to the gateway's resolver (its LAN address) while this router has no uplink
     * of its own, and the other routers' names follow what they announce.
     */
    void meshChanged(MeshView view) {
        resolv.meshGateway(view.gateway()
                .flatMap(route -> Optional.ofNullable(view.announced().get(route.originator().toString())))
                .flatMap(MeshDirectory::routerAddress));
        names.ifPresent(n -> n.announced(view.announced()));
    }

    /**
     * The LAN moved (the node's mesh prefix): dnsmasq serves the new range, SSH listens on the new address, babel's
     * routes take it as their source.
     */
    void lanMoved(MeshLan lan) {
        try {
            for (DnsmasqService d : dnsmasq.stream().toList()) {
                d.update(lan.lan());
            }
            for (SshService s : ssh.stream().toList()) {
                s.listenOn(lan.lan().address().address());
            }
            names.ifPresent(n -> n.addresses(addresses(lan)));
            for (BabelService b : babel.stream().toList()) {
                b.update(source(b.config().lans(), lan));
            }
        } catch (IOException e) {
            Logger.error("mesh prefix: restarting the LAN services on {} failed: {}", lan.describe(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the node sends over babel's IPv4 routes leaves from its LAN address. */
    private static Optional<InetAddress> source(List<String> lans, MeshLan lan) {
        return lans.isEmpty() ? Optional.empty() : Optional.of(lan.lan().address().address());
    }
}
