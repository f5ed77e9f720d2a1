package org.lowernet.runtime.names;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.lowernet.runtime.data.AtomicFile;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.subsystem.Subsystem;
import org.tinylog.Logger;

/**
 * Keeps dnsmasq's view of the mesh's names current: the hosts file in the folder dnsmasq watches (it re-reads
 * it by itself) whenever the routers or this router's named clients change, and the servers file, after which
 * dnsmasq is told to re-read it ({@code reload}, SIGHUP). The routers come from babel's announcements through
 * the {@link MeshDirectory}, whose lookups run on this subsystem's own thread, never on babel's monitor's.
 * Best-effort: without it names across the mesh are missing, routing is not.
 */
public final class MeshNames implements Subsystem {

    /** How often the lease file is read for new client names; dnsmasq has no hook for it without a script. */
    private static final long LEASE_POLL_SECONDS = 5;

    private final String domain;
    private final Path hostsFile;
    private final Path serversFile;
    private final Path leaseFile;
    private final Runnable reload;
    private final MeshDirectory directory;
    private final ScheduledExecutorService worker =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "mesh-names"));
    private MeshNode self;
    private volatile Map<String, List<Cidr>> announced = Map.of();
    private List<MeshNode> others = List.of();
    private Map<String, InetAddress> clients = Map.of();
    private String hostsWritten;
    private String serversWritten;

    /**
     * @param self      this router: its name and LAN addresses
     * @param hostsDir    the folder dnsmasq's {@code hostsdir} names
     * @param serversFile the file dnsmasq's {@code servers-file} names
     * @param leaseFile dnsmasq's lease file
     * @param lookup    asks a router its name (respondd)
     * @param reload    tells dnsmasq to re-read the servers file
     */
    public MeshNames(String domain, MeshNode self, Path hostsDir, Path serversFile, Path leaseFile, MeshDirectory.NameLookup lookup,
                     Runnable reload) {
        this.domain = domain;
        this.self = self;
        this.hostsFile = hostsDir.resolve("mesh");
        this.serversFile = serversFile;
        this.leaseFile = leaseFile;
        this.reload = reload;
        this.directory = new MeshDirectory(lookup, this::others, Clock.systemUTC());
    }

    @Override
    public String name() {
        return "mesh-names";
    }

    @Override
    public boolean essential() {
        return false;
    }

    @Override
    public void start() {
        synchronized (this) {
            update();
        }
        worker.scheduleWithFixedDelay(this::readLeases, LEASE_POLL_SECONDS, LEASE_POLL_SECONDS, TimeUnit.SECONDS);
        // Babel's view may stay the same for hours: the routers that did not answer yet are asked again anyway.
        long retry = MeshDirectory.RETRY.toSeconds();
        worker.scheduleWithFixedDelay(() -> directory.update(announced), retry, retry, TimeUnit.SECONDS);
    }

    /** What the other routers announce now (babel); their names are asked on this subsystem's thread. */
    public void announced(Map<String, List<Cidr>> prefixes) {
        announced = Map.copyOf(prefixes);
        try {
            worker.execute(() -> directory.update(prefixes));
        } catch (RejectedExecutionException e) {
            Logger.debug("mesh names: stopped, announcements ignored");
        }
    }

    /** This router's addresses now (its LAN follows the mesh prefix). */
    public synchronized void addresses(List<InetAddress> addresses) {
        self = new MeshNode(self.name(), addresses);
        update();
    }

    private synchronized void others(List<MeshNode> routers) {
        others = routers.stream().filter(r -> !r.name().equals(self.name())).toList();
        update();
    }

    private void readLeases() {
        try {
            Map<String, InetAddress> now = LanLeases.read(leaseFile);
            synchronized (this) {
                if (!now.equals(clients)) {
                    clients = now;
                    update();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            Logger.warn("mesh names: cannot read the LAN leases {}: {}", leaseFile, e.getMessage());
        }
    }

    private void update() {
        MeshZone zone = new MeshZone(domain, self, others, clients);
        String hosts = zone.hosts();
        if (!hosts.equals(hostsWritten)) {
            replace(hostsFile, hosts);
            hostsWritten = hosts;
        }
        String servers = zone.servers();
        if (!servers.equals(serversWritten)) {
            replace(serversFile, servers);
            boolean first = serversWritten == null;
            serversWritten = servers;
            Logger.info("mesh names: {} besides {}.{}", others.isEmpty() ? "no router"
                    : String.join(" ", others.stream().map(MeshNode::name).toList()), self.name(), domain);
            if (!first) {
                reload.run();
            }
        }
    }

    /**
     * Renamed over the old file. The hosts file's temporary file is written outside dnsmasq's hostsdir, which
     * reads every file that appears in it.
     */
    private void replace(Path file, String text) {
        try {
            if (file.equals(hostsFile)) {
                Path folder = hostsFile.getParent();
                Path temporary = AtomicFile.temporary(folder);
                Files.createDirectories(folder);
                Files.writeString(temporary, text, StandardCharsets.US_ASCII);
                AtomicFile.commit(temporary, hostsFile);
            } else {
                AtomicFile.write(file, text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(5, TimeUnit.SECONDS);
    }
}
