package org.lowernet.runtime.names;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.lowernet.runtime.data.AtomicFile;
import org.lowernet.runtime.subsystem.Subsystem;
import org.tinylog.Logger;

/**
 * Keeps dnsmasq's view of the mesh's names current: the hosts file in the folder dnsmasq watches (it re-reads
 * it by itself) whenever the routers or this router's named clients change, and the servers file, after which
 * dnsmasq is told to re-read it ({@code reload}, SIGHUP). Best-effort: without it names across the mesh are
 * missing, routing is not.
 */
public final class MeshNames implements Subsystem {

    /** How often the lease file is read for new client names; dnsmasq has no hook for it without a script. */
    private static final long LEASE_POLL_SECONDS = 5;

    private final String domain;
    private final Supplier<MeshNode> self;
    private final Path hostsFile;
    private final Path serversFile;
    private final Path leaseFile;
    private final Runnable reload;
    private List<MeshNode> others = List.of();
    private Map<String, InetAddress> clients = Map.of();
    private String hostsWritten;
    private String serversWritten;
    private ScheduledExecutorService poller;

    /**
     * @param hostsDir    the folder dnsmasq's {@code hostsdir} names
     * @param serversFile the file dnsmasq's {@code servers-file} names
     * @param leaseFile   dnsmasq's lease file
     * @param self        this router: its name and current LAN addresses (they follow the mesh prefix)
     * @param reload      tells dnsmasq to re-read the servers file
     */
    public MeshNames(String domain, Supplier<MeshNode> self, Path hostsDir, Path serversFile, Path leaseFile,
                     Runnable reload) {
        this.domain = domain;
        this.self = self;
        this.hostsFile = hostsDir.resolve("mesh");
        this.serversFile = serversFile;
        this.leaseFile = leaseFile;
        this.reload = reload;
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
        update();
        poller = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "mesh-names"));
        poller.scheduleWithFixedDelay(this::readLeases, LEASE_POLL_SECONDS, LEASE_POLL_SECONDS, TimeUnit.SECONDS);
    }

    /** The other routers of the mesh now known, each name once. */
    public synchronized void others(List<MeshNode> routers) {
        others = List.copyOf(routers);
        update();
    }

    /** This router's own addresses changed (a new mesh prefix). */
    public synchronized void selfChanged() {
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

    private synchronized void update() {
        MeshZone zone = new MeshZone(domain, self.get(), others, clients);
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
            Logger.info("mesh names: {} router(s) besides this one under .{}", others.size(), domain);
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
        if (poller != null) {
            poller.shutdownNow();
            poller.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
