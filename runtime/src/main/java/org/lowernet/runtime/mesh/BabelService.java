package org.lowernet.runtime.mesh;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.retry.Backoff;
import org.lowernet.runtime.router.SupervisedDaemon;
import org.lowernet.runtime.router.Supervisor;
import org.tinylog.Logger;

/**
 * Babel routing: writes babeld.conf into the run folder and keeps babeld (in the foreground, its default)
 * running under a {@link Supervisor}; stopping it makes babeld retract its announcements and remove the routes
 * it installed. Best-effort: without it the node still serves its own LAN and uplink, which matter more than
 * the mesh; a babeld that keeps failing is restarted with back-off and reported as a service restart.
 */
public final class BabelService implements SupervisedDaemon {

    private final Path program;
    private BabelConfig config;
    private final EventSink events;
    private Supervisor supervisor;

    public BabelService(Path program, BabelConfig config, EventSink events) {
        this.program = program;
        this.config = config;
        this.events = events;
    }

    @Override
    public String name() {
        return "babeld";
    }

    @Override
    public boolean essential() {
        return false;
    }

    @Override
    public synchronized void start() throws IOException {
        Path file = config.runDirectory().resolve("babeld.conf");
        Files.createDirectories(config.runDirectory());
        Files.writeString(file, config.text(), StandardCharsets.US_ASCII);
        Logger.info("babeld: router-id {}, mesh {}, announcing LAN {} and lowernet's default route", config.id(),
                String.join(" ", config.meshes()), config.lans().isEmpty() ? "none" : String.join(" ", config.lans()));
        // -I "": no pid file. A babeld that was killed leaves its pid file, and the next one refuses to start
        // while it is there; the supervisor knows the pid anyway.
        // A socket left by a babeld that was killed would make the next one fail to listen ("Address already in
        // use"): it goes before every start.
        Path socket = config.socket();
        supervisor = new Supervisor("babeld", List.of(program.toString(), "-I", "", "-c", file.toString()), line -> { },
                Backoff.daemonRestart(), events, () -> Files.deleteIfExists(socket));
        supervisor.start();
    }

    public synchronized BabelConfig config() {
        return config;
    }

    /**
     * The LAN address moved (the node's mesh prefix): the routes babeld installs must name the new one as their
     * source (the kernel refuses a source the node does not have), so babeld.conf is written anew and babeld
     * restarted on it; the monitor reconnects by itself. Before start, only the config changes; the same source
     * changes nothing.
     */
    public synchronized void update(Optional<InetAddress> source) throws IOException, InterruptedException {
        if (source.equals(config.source())) {
            return;
        }
        config = new BabelConfig(config.id(), config.meshes(), config.tunnels(), config.lans(), source, config.runDirectory(),
                config.helloInterval());
        if (supervisor != null) {
            supervisor.close();
            start();
        }
    }

    @Override
    public synchronized Supervisor supervisor() {
        return supervisor;
    }
}
