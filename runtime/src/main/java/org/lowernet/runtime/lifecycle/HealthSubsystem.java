package org.lowernet.runtime.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import org.lowernet.runtime.boot.Boot;
import org.lowernet.runtime.config.LowernetConfig;
import org.lowernet.runtime.config.MqttConfig;
import org.lowernet.runtime.events.EventHub;
import org.lowernet.runtime.health.HealthReporter;
import org.lowernet.runtime.health.MeshState;
import org.lowernet.runtime.health.TunnelLink;
import org.lowernet.runtime.health.NodeInfo;
import org.lowernet.runtime.health.ProcReadings;
import org.lowernet.runtime.health.Statistics;
import org.lowernet.runtime.health.Topics;
import org.lowernet.runtime.mesh.BabelMonitor;
import org.lowernet.runtime.mesh.RouterId;
import org.lowernet.runtime.mqtt.TrustedCa;
import org.lowernet.runtime.net.InterfaceReport;
import org.lowernet.runtime.net.NetworkState;
import org.lowernet.runtime.prefix.MeshLan;
import org.lowernet.runtime.respondd.Answers;
import org.lowernet.runtime.respondd.MeshInterface;
import org.lowernet.runtime.respondd.RespondServer;
import org.lowernet.runtime.subsystem.Subsystem;
import org.tinylog.Logger;

/**
 * Health to the neighbourhood over MQTT, best-effort: a router whose broker is away still routes. Off, and
 * saying so, without mqtt.broker. Reads the node from {@code root} (proc/, sys/, the lease file), the
 * {@link NetworkState} and the {@link Indicator}; events from the whole runtime arrive through the
 * {@link EventHub}.
 */
final class HealthSubsystem implements Subsystem {

    /** What the reports show of the LEDs and ask of them; the LEDs say "off" and do nothing when they did not start. */
    interface Indicator {
        String shown();

        void identify(Duration duration);

        void degraded(boolean on);
    }

    /** respondd has no MQTT counters: its statistics leave them out. */
    private static final Statistics.MqttCounters NO_COUNTERS = new Statistics.MqttCounters(0, 0, 0);

    private final Path root;
    private final LowernetConfig config;
    private final DeviceFacts facts;
    private final String nodeName;
    private final String release;
    private final Map<String, String> roles;
    private final Indicator leds;
    private final NetworkState network;
    private final BooleanSupplier clockSynced;
    private final EventHub events;
    private final ProcReadings proc;
    private final Supplier<Optional<Boot>> boot;
    private final Supplier<Optional<String>> sshHostKey;
    private final Node node = new Node();
    /** Babel's view as the reports show it; empty on a node without mesh interfaces. */
    private volatile Supplier<Optional<MeshState>> mesh = Optional::empty;
    /** The babel router id babeld is given; empty without mesh interfaces. */
    private volatile Optional<String> routerId = Optional.empty();
    /** The LAN's prefixes now (they move with an automatic prefix); none until {@link #mesh} said the LAN. */
    private volatile Supplier<List<String>> prefixes = List::of;
    /** The node's WireGuard public key; empty without tunnels (or before the node has a key). */
    private volatile Optional<String> tunnelKey = Optional.empty();
    private volatile Supplier<Optional<NodeInfo.Update>> update = Optional::empty;
    /** The tunnels' states now; none without tunnels. */
    private volatile Supplier<List<TunnelLink>> tunnels = List::of;
    private volatile HealthReporter reporter;
    private volatile String nodeId;

    HealthSubsystem(Path root, LowernetConfig config, DeviceFacts facts, String nodeName, String release,
                    InterfacePlan plan, NetworkState network, Indicator leds, EventHub events,
                    Supplier<Optional<Boot>> boot, Supplier<Optional<String>> sshHostKey, BooleanSupplier clockSynced) {
        this.boot = boot;
        this.sshHostKey = sshHostKey;
        this.clockSynced = clockSynced;
        this.root = root;
        this.config = config;
        this.facts = facts;
        this.nodeName = nodeName;
        this.release = release;
        this.roles = plan.roleWords();
        this.leds = leds;
        this.network = network;
        this.events = events;
        this.proc = new ProcReadings(root);
    }

    @Override
    public String name() {
        return "health";
    }

    @Override
    public boolean essential() {
        return false;
    }

    @Override
    public void start() throws Exception {
        MqttConfig mqtt = config.mqtt();
        if (!mqtt.enabled()) {
            Logger.info("health: reporting off (no mqtt.broker in lowernet.conf)");
            return;
        }
        Optional<SSLSocketFactory> tls = Optional.empty();
        if (mqtt.ca().isPresent()) {
            tls = Optional.of(TrustedCa.socketFactory(root.resolve(mqtt.ca().get().substring(1))));
        }
        Topics topics = new Topics(mqtt.prefix(config.node().site()), nodeName);
        reporter = new HealthReporter(mqtt, topics, node, tls);
        events.listen(reporter);
        reporter.start();
        Logger.info("health: reporting to {} under {}/{}", mqtt.brokers().getFirst(), topics.prefix(), topics.node());
    }

    @Override
    public void stop() throws Exception {
        if (reporter != null) {
            events.unlisten(reporter);
            reporter.close();
        }
    }

    /**
     * What the reports show of the mesh (call before {@link #start}): the router id babeld runs with (known from the
     * start, so the first nodeinfo has it), babel's neighbours and gateway from {@code monitor}'s view, read afresh
     * for each report (empty without mesh interfaces: no mesh in the reports), and the prefixes of {@code lan} as it
     * is now. MQTT and respondd both read them here.
     */
    void mesh(Optional<BabelMonitor> monitor, Optional<RouterId> id, Supplier<MeshLan> lan) {
        mesh = monitor.<Supplier<Optional<MeshState>>>map(m -> () -> Optional.of(MeshReport.of(m.view())))
                .orElse(Optional::empty);
        routerId = id.map(RouterId::toString);
        prefixes = () -> MeshReport.prefixes(lan.get());
    }

    /**
     * What the reports show of the WireGuard tunnels (call before {@link #start}): the node's public key, and the
     * tunnels' states read afresh for each statistics.
     */
    /** Whether the reports reach the broker now. */
    boolean mqttConnected() {
        HealthReporter running = reporter;
        return running != null && running.connected();
    }

    /** The system slot this boot runs and the last update's result, for nodeinfo. */
    void update(Supplier<Optional<NodeInfo.Update>> slot) {
        update = slot;
    }

    void tunnels(Optional<String> publicKey, Supplier<List<TunnelLink>> links) {
        tunnelKey = publicKey;
        tunnels = links;
    }

    /**
     * respondd's answers on {@code meshes}, from the readings the MQTT reports use (also when MQTT is off):
     * read afresh per request, on the respondd thread; babel's neighbours and gateway from {@link #mesh}.
     */
    RespondServer.Providers respondd(List<String> meshes) {
        return new RespondServer.Providers(
                () -> Answers.nodeinfo(node.info(), MeshInterface.read(meshes)),
                () -> {
                    try {
                        return Answers.statistics(node.statistics(0, NO_COUNTERS));
                    } catch (IOException e) {
                        throw new UncheckedIOException("reading the statistics: " + e.getMessage(), e);
                    }
                },
                () -> Answers.neighbours(node.info().nodeId(), MeshInterface.read(meshes),
                        mesh.get().map(MeshState::neighbours).orElse(List.of())));
    }

    /** The node as the reporter sees it, read afresh on each call; node_id is the one of the last nodeinfo. */
    private final class Node implements HealthReporter.Node {

        @Override
        public NodeInfo info() {
            List<InterfaceReport> interfaces = InterfaceReport.of(network.current(), roles);
            Optional<String> mac = interfaces.stream().flatMap(i -> i.mac().stream()).findFirst();
            List<String> addresses = interfaces.stream().flatMap(i -> i.addresses().stream())
                    .map(a -> a.substring(0, a.indexOf('/'))).toList();
            nodeId = NodeInfo.nodeId(mac, nodeName);
            return new NodeInfo(nodeId, nodeName,
                    config.node().site().orElse(MqttConfig.NO_SITE), facts.board().orElse("unknown"), release,
                    facts.kernelRelease(), mac, addresses, config.node().location(), boot.get(), sshHostKey.get(),
                    routerId, prefixes.get(), tunnelKey, update.get());
        }

        @Override
        public Statistics statistics(long seq, Statistics.MqttCounters counters) throws IOException {
            Runtime runtime = Runtime.getRuntime();
            // Without MQTT nothing asked for the nodeinfo before (respondd's statistics can come first).
            return new Statistics(nodeId != null ? nodeId : info().nodeId(), Instant.now(), seq, proc.uptimeSeconds(), proc.load(),
                    proc.memory(), proc.temperatureCelsius(),
                    ProcReadings.leaseCount(root.resolve(RouterServices.LEASES)),
                    InterfaceReport.of(network.refresh(), roles), leds.shown(), runtime.totalMemory() - runtime.freeMemory(),
                    runtime.totalMemory(), runtime.maxMemory(), proc.residentBytes(), clockSynced.getAsBoolean(), counters,
                    mesh.get(), tunnels.get());
        }

        @Override
        public void identify(Duration duration) {
            leds.identify(duration);
        }

        @Override
        public void loginRefused(boolean refused) {
            leds.degraded(refused);
        }
    }
}
