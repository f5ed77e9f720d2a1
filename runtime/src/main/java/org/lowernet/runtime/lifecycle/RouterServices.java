package org.lowernet.runtime.lifecycle;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.lowernet.runtime.config.LowernetConfig;
import org.lowernet.runtime.config.MeshPolicy;
import org.lowernet.runtime.config.WanMode;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.mesh.BabelConfig;
import org.lowernet.runtime.mesh.BabelMonitor;
import org.lowernet.runtime.mesh.BabelService;
import org.lowernet.runtime.mesh.RouterId;
import org.lowernet.runtime.net.DesiredState;
import org.lowernet.runtime.net.Sysctl;
import org.lowernet.runtime.prefix.MeshLan;
import org.lowernet.runtime.router.DnsmasqConfig;
import org.lowernet.runtime.router.DnsmasqService;
import org.lowernet.runtime.router.Firewall;
import org.lowernet.runtime.router.NftRuleset;
import org.lowernet.runtime.router.Programs;
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
                      Optional<BabelService> babel, Optional<BabelMonitor> mesh) {

    /** Test-only: babel's hello interval in milliseconds, so that a namespace mesh converges in seconds. */
    static final String BABEL_HELLO_PROPERTY = "lowernet.test.babel.hello";

    /** dnsmasq's lease file below the root; the health reports count its lines. */
    static final String LEASES = "data/lowernet/dnsmasq.leases";

    /** @param lan the LAN served: lowernet.conf's, or on a mesh without lan.address the node's prefix */
    static RouterServices of(Path root, LowernetConfig config, MeshLan lan, InterfacePlan plan,
                             Consumer<DesiredState> desire,
                             String hostname, Consumer<Boolean> uplink, Consumer<List<InetAddress>> ntp,
                             Function<String, Optional<String>> macs, EventSink events) {
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
        subsystems.add(new Firewall(programs.nft(), new NftRuleset(lans, meshes, wan, ssh, isolated), run,
                new Sysctl(root.resolve("proc/sys"))));
        if (config.wan().mode() == WanMode.STATIC) {
            resolv.write(config.wan().dns(), "from wan.dns");
        }
        Optional<DnsmasqService> dnsmasq = Optional.empty();
        if (lans.isEmpty()) {
            Logger.warn("no LAN interface: no DHCP or DNS served");
        } else {
            dnsmasq = Optional.of(new DnsmasqService(programs.dnsmasq(), new DnsmasqConfig(lans, wan, lan.lan(),
                    root.resolve(LEASES), resolv.file(), lan.automatic()), run, events));
            subsystems.add(dnsmasq.get());
        }
        if (wan.isPresent() && config.wan().mode() == WanMode.DHCP) {
            subsystems.add(new WanClient(programs.busybox(), wan.get(), run, plan.desired(), desire, resolv,
                    config.wan().dns(), hostname, uplink, ntp, events));
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
        // babeld's own choice, made explicit: the modified EUI-64 of the first mesh interface's MAC.
        Optional<RouterId> id = meshes.stream().map(macs).flatMap(Optional::stream).findFirst().map(RouterId::fromMac);
        if (!meshes.isEmpty() && id.isEmpty()) {
            Logger.warn("mesh: no mesh interface ({}) has a MAC address yet: no babel routing",
                    String.join(" ", meshes));
        } else if (id.isPresent()) {
            Optional<Duration> hello = Optional.ofNullable(System.getProperty(BABEL_HELLO_PROPERTY))
                    .map(ms -> Duration.ofMillis(Long.parseLong(ms)));
            BabelConfig babelConfig = new BabelConfig(id.get(), meshes, lans, source(lans, lan), run, hello);
            babel = Optional.of(new BabelService(programs.babeld(), babelConfig, events));
            subsystems.add(babel.get());
            mesh = Optional.of(new BabelMonitor(babelConfig.socket()));
            subsystems.add(mesh.get());
        }
        return new RouterServices(subsystems, sshService, dnsmasq, babel, mesh);
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
