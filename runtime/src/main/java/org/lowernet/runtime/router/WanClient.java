package org.lowernet.runtime.router;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.DesiredInterface;
import org.lowernet.runtime.net.DesiredRoute;
import org.lowernet.runtime.net.DesiredState;
import org.lowernet.runtime.retry.Backoff;
import org.tinylog.Logger;

/**
 * The WAN lease ({@code wan.mode = dhcp}): busybox udhcpc, supervised, runs a script the runtime writes,
 * which only prints the lease as a {@link Lease} line; the runtime applies it: address and default route
 * through the reconciler, DNS servers into the {@link ResolvFile} dnsmasq reads. udhcpc itself never
 * touches the interface, so the reconciler stays the one owner of the kernel's state.
 *
 * <p>With {@code wan.uplink = no} the WAN carries only the tunnels: instead of a default route, host routes to
 * the tunnels' peers via the lease's router, and none of the lease's DNS servers (the LAN's DNS then follows the
 * mesh's gateway, as on a router without a WAN).
 */
public final class WanClient implements SupervisedDaemon {

    private final Path busybox;
    private final String wan;
    private final Path script;
    private final DesiredState base;
    private final Consumer<DesiredState> desire;
    private final ResolvFile resolv;
    private final List<InetAddress> configuredDns;
    private final String hostname;
    private final Consumer<Boolean> uplink;
    private final Consumer<List<InetAddress>> ntp;
    private final EventSink events;
    private final Optional<List<InetAddress>> onlyTo;
    private Supervisor supervisor;
    private Optional<Lease> applied = Optional.empty();

    /**
     * @param base          the plan without a lease: WAN up, no address, no default route
     * @param desire        hands a new desired state to the reconciler
     * @param configuredDns wan.dns: when given, used instead of the servers DHCP offers
     * @param uplink        told true when a lease is bound or renewed, false when it is lost or refused
     * @param ntp           told the NTP servers of each lease that holds (option 42; maybe none)
     * @param onlyTo        empty: the lease's router is the default route; present ({@code wan.uplink = no}): only
     *                      these addresses (the tunnels' peers) are routed through it
     */
    public WanClient(Path busybox, String wan, Path runDirectory, DesiredState base, Consumer<DesiredState> desire,
                     ResolvFile resolv, List<InetAddress> configuredDns, String hostname, Consumer<Boolean> uplink,
                     Consumer<List<InetAddress>> ntp, Optional<List<InetAddress>> onlyTo, EventSink events) {
        this.events = events;
        this.busybox = busybox;
        this.wan = wan;
        this.script = runDirectory.resolve("udhcpc.script");
        this.base = base;
        this.desire = desire;
        this.resolv = resolv;
        this.configuredDns = List.copyOf(configuredDns);
        this.hostname = hostname;
        this.uplink = uplink;
        this.ntp = ntp;
        this.onlyTo = onlyTo.map(List::copyOf);
    }

    @Override
    public String name() {
        return "wan-dhcp";
    }

    @Override
    public boolean essential() {
        return false;
    }

    /** The script udhcpc runs: prints one lease line; lists become comma-separated (ash's ${v// /,}). */
    static String script(Path busybox) {
        return "#!" + busybox + " sh\n"
                + "# Written by lowernet: udhcpc runs this on every lease event; the runtime applies the lease.\n"
                + "r=\"$router\"; d=\"$dns\"; n=\"$ntpsrv\"\n"
                + "echo \"" + Lease.TAG + "$1 ip=$ip mask=$mask router=${r// /,} dns=${d// /,} lease=$lease"
                + " ntp=${n// /,}\"\n";
    }

    @Override
    public void start() throws IOException {
        Files.createDirectories(script.getParent());
        Files.writeString(script, script(busybox), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Logger.info("uplink: down (waiting for a DHCP lease on {})", wan);
        // -f foreground; -t/-T: 3 discovers 2 s apart, then -A 5 s pause; -x hostname: the ISP's box shows our name;
        // -O ntpsrv: ask for option 42 too, which udhcpc does not request by default.
        supervisor = new Supervisor("udhcpc", List.of(busybox.toString(), "udhcpc", "-f", "-i", wan, "-s",
                script.toString(), "-t", "3", "-T", "2", "-A", "5", "-x", "hostname:" + hostname, "-O", "ntpsrv"),
                this::onLine, Backoff.daemonRestart(), events);
        supervisor.start();
    }

    void onLine(String line) {
        Optional<Lease> parsed;
        try {
            parsed = Lease.parse(line);
        } catch (IllegalArgumentException e) {
            Logger.error("uplink: ignoring a lease line: {}", e.getMessage());
            return;
        }
        parsed.ifPresent(this::apply);
    }

    private synchronized void apply(Lease lease) {
        if (lease.holds()) {
            desire.accept(withLease(base, wan, lease, onlyTo));
            if (onlyTo.isPresent()) {
                resolv.write(List.of(), "wan.uplink = no");
            } else {
                resolv.write(configuredDns.isEmpty() ? lease.dns() : configuredDns,
                        configuredDns.isEmpty() ? "from the DHCP lease" : "from wan.dns");
            }
            boolean wasUp = applied.isPresent();
            applied = Optional.of(lease);
            Logger.info("uplink: {} via {} ({} on {}, lease {} s)", wasUp ? "renewed" : "up",
                    lease.routers().isEmpty() ? "no router" : Cidr.text(lease.routers().getFirst()),
                    lease.address().orElseThrow(), wan, lease.lease().map(d -> d.toSeconds()).orElse(0L));
            uplink.accept(true);
            ntp.accept(lease.ntp());
            return;
        }
        if (applied.isPresent()) {
            desire.accept(base);
            resolv.write(configuredDns, "uplink lost");
            applied = Optional.empty();
            Logger.warn("uplink: down ({} on {}: address and default route removed)",
                    lease.event().name().toLowerCase(), wan);
            uplink.accept(false);
        } else if (lease.event() == Lease.Event.LEASEFAIL || lease.event() == Lease.Event.NAK) {
            Logger.warn("uplink: down (no DHCP lease on {} yet: {})", wan, lease.event().name().toLowerCase());
            uplink.accept(false);
        }
    }

    /**
     * {@code base} with the leased address on the WAN interface and a default route via the first router, or with
     * {@code onlyTo} host routes to those addresses instead.
     */
    static DesiredState withLease(DesiredState base, String wan, Lease lease, Optional<List<InetAddress>> onlyTo) {
        List<DesiredInterface> interfaces = new ArrayList<>();
        for (DesiredInterface d : base.interfaces()) {
            interfaces.add(d.name().equals(wan)
                    ? new DesiredInterface(d.name(), d.up(), d.mtu(), Set.of(lease.address().orElseThrow()))
                    : d);
        }
        List<DesiredRoute> routes = new ArrayList<>(base.routes());
        if (!lease.routers().isEmpty()) {
            InetAddress router = lease.routers().getFirst();
            if (onlyTo.isEmpty()) {
                routes.add(DesiredRoute.defaultVia(router));
            } else {
                onlyTo.get().stream().filter(to -> to.getAddress().length == router.getAddress().length)
                        .map(to -> new DesiredRoute(new Cidr(to, to.getAddress().length * 8), Optional.of(router),
                                Optional.empty()))
                        .forEach(routes::add);
            }
        }
        return new DesiredState(interfaces, routes);
    }

    @Override
    public Supervisor supervisor() {
        return supervisor;
    }
}
