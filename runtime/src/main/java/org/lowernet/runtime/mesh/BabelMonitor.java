package org.lowernet.runtime.mesh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.lowernet.runtime.retry.Backoff;
import org.lowernet.runtime.subsystem.Subsystem;
import org.tinylog.Logger;

/**
 * Reads babeld's local socket: sends {@code monitor}, which answers with a dump of the tables and then every
 * change, and keeps the latest {@link MeshView}. Listeners get each new view (on the monitor's thread, and the
 * current one when they subscribe); the log gets a line when the neighbours, routes in use or gateway change.
 * When babeld goes away (a restart by its supervisor) the view is emptied, and the monitor reconnects after
 * {@link Backoff}. Best-effort, as babeld is.
 */
public final class BabelMonitor implements Subsystem {

    /** The socket is local and babeld restarts within a second or so: retry soon, never more than every 10 s. */
    private static final Backoff RECONNECT = Backoff.exact(Duration.ofMillis(200), Duration.ofSeconds(10));
    /** The greeting ends with one {@code ok}, the monitor's first dump with the second. */
    private static final int OKS_BEFORE_LIVE = 2;

    private final Path socket;
    private final Backoff backoff;
    private final List<Consumer<MeshView>> listeners = new CopyOnWriteArrayList<>();
    private volatile MeshView view = MeshView.EMPTY;
    private volatile boolean stopping;
    private volatile SocketChannel channel;
    private Thread thread;
    private String logged = "";

    public BabelMonitor(Path socket) {
        this(socket, RECONNECT);
    }

    BabelMonitor(Path socket, Backoff backoff) {
        this.socket = socket;
        this.backoff = backoff;
    }

    @Override
    public String name() {
        return "mesh-monitor";
    }

    @Override
    public boolean essential() {
        return false;
    }

    /** The latest view; {@link MeshView#EMPTY} until babeld answered. */
    public MeshView view() {
        return view;
    }

    /** Adds a listener and hands it the current view at once. */
    public void listen(Consumer<MeshView> listener) {
        listeners.add(listener);
        listener.accept(view);
    }

    @Override
    public void start() {
        thread = Thread.ofPlatform().name("mesh-monitor").daemon().start(this::run);
    }

    private void run() {
        BabelLines lines = new BabelLines();
        while (!stopping) {
            try (SocketChannel open = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel = open;
                open.connect(UnixDomainSocketAddress.of(socket));
                open.write(ByteBuffer.wrap("monitor\n".getBytes(StandardCharsets.US_ASCII)));
                read(open, lines);
                if (!stopping) {
                    Logger.warn("mesh: babeld closed its socket {}", socket);
                }
            } catch (IOException e) {
                if (stopping) {
                    return;
                }
                Logger.debug("mesh: babeld's socket {}: {}", socket, e.toString());
            }
            lines.clear();
            publish(lines.view());
            if (stopping) {
                return;
            }
            try {
                Thread.sleep(backoff.next());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read(SocketChannel open, BabelLines lines) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(open),
                StandardCharsets.US_ASCII));
        int oks = 0;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("ok")) {
                oks++;
                if (oks == OKS_BEFORE_LIVE) {
                    Logger.info("mesh: reading babeld's socket {}", socket);
                    backoff.reset();
                }
            }
            try {
                lines.accept(line);
            } catch (IllegalArgumentException e) {
                Logger.warn("mesh: {}", e.getMessage());
            }
            if (oks >= OKS_BEFORE_LIVE) {
                publish(lines.view());
            }
        }
    }

    private void publish(MeshView next) {
        if (next.equals(view)) {
            return;
        }
        view = next;
        String summary = next.summary();
        if (!summary.equals(logged)) {
            logged = summary;
            Logger.info(summary);
        }
        for (Consumer<MeshView> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                Logger.error(e, "mesh: a listener of the mesh view failed");
            }
        }
    }

    /** Why the monitor no longer reads babeld although nobody stopped it; empty while it runs. */
    @Override
    public Optional<String> failure() {
        return thread != null && !thread.isAlive() && !stopping
                ? Optional.of("the mesh monitor's thread ended") : Optional.empty();
    }

    @Override
    public void stop() throws InterruptedException, IOException {
        stopping = true;
        SocketChannel open = channel;
        if (open != null) {
            open.close();
        }
        if (thread != null) {
            thread.interrupt();
            thread.join(Duration.ofSeconds(5));
        }
    }
}
