package org.lowernet.runtime.router;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.lowernet.runtime.config.LanConfig;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.retry.Backoff;
import org.tinylog.Logger;

/**
 * LAN DHCP and DNS: writes dnsmasq.conf into the run folder and keeps {@code dnsmasq --keep-in-foreground}
 * running under a {@link Supervisor}. Best-effort: without it the router still routes for hosts with
 * static addresses.
 */
public final class DnsmasqService implements SupervisedDaemon {

    private final Path program;
    private DnsmasqConfig config;
    private final Path configFile;
    private final EventSink events;
    private Supervisor supervisor;

    public DnsmasqService(Path program, DnsmasqConfig config, Path runDirectory, EventSink events) {
        this.events = events;
        this.program = program;
        this.config = config;
        this.configFile = runDirectory.resolve("dnsmasq.conf");
    }

    @Override
    public String name() {
        return "dnsmasq";
    }

    @Override
    public boolean essential() {
        return false;
    }

    @Override
    public synchronized void start() throws IOException {
        Files.createDirectories(configFile.getParent());
        Files.createDirectories(config.leaseFile().getParent());
        if (!Files.exists(config.resolv())) {
            new ResolvFile(config.resolv()).write(List.of(), "no uplink yet");
        }
        Files.writeString(configFile, config.text(), StandardCharsets.US_ASCII);
        // -k: stay in the foreground; --log-facility=-: log to stderr, which the supervisor reads.
        supervisor = new Supervisor("dnsmasq", List.of(program.toString(), "--keep-in-foreground",
                "--conf-file=" + configFile, "--log-facility=-", "--pid-file="), line -> { }, Backoff.daemonRestart(), events);
        supervisor.start();
    }

    /**
     * The LAN moved (the node's mesh prefix): dnsmasq.conf is written anew and dnsmasq restarted on it, so the
     * next DHCP request gets an address in the new range. Before start, only the config changes.
     */
    public synchronized void update(LanConfig lan) throws IOException, InterruptedException {
        config = new DnsmasqConfig(config.lans(), config.wan(), lan, config.leaseFile(), config.resolv(),
                config.automatic(), config.mesh());
        if (supervisor != null) {
            supervisor.close();
            start();
        }
    }

    /** dnsmasq re-reads its servers file (SIGHUP; it also re-reads its hosts files and empties its cache). */
    public void reloadServers() {
        try {
            Supervisor current = supervisor();
            if (current == null || !current.signal("HUP")) {
                Logger.warn("dnsmasq: not running, its servers file is read at its next start");
            }
        } catch (IOException e) {
            Logger.warn("dnsmasq: cannot signal it to re-read its servers file: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized Supervisor supervisor() {
        return supervisor;
    }
}
