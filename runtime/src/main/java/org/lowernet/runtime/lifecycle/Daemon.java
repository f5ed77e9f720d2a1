package org.lowernet.runtime.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.lowernet.runtime.board.BoardProfile;
import org.lowernet.runtime.board.BoardProfiles;
import org.lowernet.runtime.boot.BootHistory;
import org.lowernet.runtime.boot.ConsoleCapture;
import org.lowernet.runtime.classdata.ClassDataCache;
import org.lowernet.runtime.clock.ClockKeeper;
import org.lowernet.runtime.clock.KernelClock;
import org.lowernet.runtime.clock.Sntp;
import org.lowernet.runtime.clock.TimeSync;
import org.lowernet.runtime.config.ConfigError;
import org.lowernet.runtime.config.InterfaceRole;
import org.lowernet.runtime.config.WanMode;
import org.lowernet.runtime.crash.Crash;
import org.lowernet.runtime.crash.CrashLoop;
import org.lowernet.runtime.crash.Starts;
import org.lowernet.runtime.crash.TestCrash;
import org.lowernet.runtime.data.DataPartition;
import org.lowernet.runtime.data.DataTools;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventHub;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.led.LedCondition;
import org.lowernet.runtime.mesh.RouterId;
import org.lowernet.runtime.net.Link;
import org.lowernet.runtime.net.NetworkState;
import org.lowernet.runtime.net.Rtnetlink;
import org.lowernet.runtime.prefix.MeshLan;
import org.lowernet.runtime.prefix.PrefixKeeper;
import org.lowernet.runtime.respondd.RespondServer;
import org.lowernet.runtime.respondd.Respondd;
import org.lowernet.runtime.router.SshService;
import org.lowernet.runtime.subsystem.Lifecycle;
import org.lowernet.runtime.health.NodeInfo;
import org.lowernet.runtime.slot.NodeConditions;
import org.lowernet.runtime.slot.SlotFile;
import org.lowernet.runtime.slot.TrialCommit;
import org.lowernet.runtime.subsystem.Subsystem;
import org.lowernet.runtime.tunnel.NodeKey;
import org.lowernet.runtime.tunnel.Tunnels;
import org.lowernet.runtime.tunnel.WireGuard;
import org.lowernet.runtime.update.TrustedKeys;
import org.lowernet.runtime.uplink.LinkEvents;
import org.lowernet.runtime.uplink.Uplink;
import org.lowernet.runtime.watchdog.BootStatus;
import org.lowernet.runtime.watchdog.HealthCheck;
import org.lowernet.runtime.watchdog.Watchdog;
import org.tinylog.Logger;

/**
 * The router daemon: config and board in, subsystems started in order, {@code lowernet ready} once the
 * interfaces are configured, a clean stop on SIGTERM.
 *
 * @param root   "/" on the device; tests give a folder with their own boot/, proc/ and board profiles
 * @param ready  the line that tells people and tests the router is up
 * @param console the copy of the console that becomes this boot's log on /data
 */
public record Daemon(Path root, String version, String ready, Optional<ConsoleCapture> console) {

    /** The system property naming subsystems not to start. */
    public static final String OFF = "lowernet.off";

    public int run() throws Exception {
        DeviceFacts facts = DeviceFacts.read(root);
        Logger.info("lowernet runtime {}", version);
        Logger.info("board: {}", facts.board().orElse("unknown (no /proc/device-tree/model)"));
        Logger.info("kernel: {}", facts.kernelRelease());
        Logger.info("jvm: {}", JvmCommandLine.read());
        Logger.info("malloc: MALLOC_ARENA_MAX={}", System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset"));
        EventHub events = new EventHub();
        List<String> problems = new ArrayList<>();
        BoardProfile board = BoardProfiles.pick(root.resolve(BoardProfiles.FOLDER), facts.board().orElse(""), problems);
        problems.forEach(Logger::warn);
        Logger.info("board profile: {} ({})", board.id(), board.name());
        // Armed before all else and closed last: it covers the whole start (e2fsck included) and stop, and after a
        // crash its timer runs on until this runtime, restarted by init, opens it again.
        Watchdog watchdog = new Watchdog(root, board.watchdog(), HealthCheck.DEVICE, System::nanoTime);
        watchdog.start();

        // The node's memory first: /data (the last good config, the host key, leases) and this boot's record.
        DataTools tools = DataTools.fromSystemProperties();
        DataPartition data = new DataPartition(root, tools, events);
        // The clock right after /data (where it was saved), so the boot record and all else see a sane time, and
        // long before MQTT's TLS. The kernel's clock is the machine's: a test's root folder never sets it.
        KernelClock kernelClock = root.equals(Path.of("/")) ? KernelClock.machine() : KernelClock.leftAlone();
        ClockKeeper clock = new ClockKeeper(root, kernelClock);
        BootHistory boots = new BootHistory(root, console, data::mounted,
                () -> watchdog.bootStatus().map(BootStatus::watchdog).orElse(false),
                () -> BootHistory.kernelLog(tools.busybox()), events);
        Lifecycle memory = new Lifecycle(Stream.of(data, clock, boots).filter(s -> !left(s.name())).toList());
        memory.start();
        // Then how the previous starts ended: a crash loop makes this one safe mode.
        Starts starts = new Starts(root, Clock.systemUTC());
        CrashLoop.Decision crashes = starts.begin();
        try {
            return run(facts, board, watchdog, events, data, boots, memory, starts, crashes, kernelClock, clock);
        } catch (Exception | Error e) {
            starts.crashed(e.getClass().getSimpleName() + ": " + e.getMessage());
            // The timer runs on (nowayout): give the runtime init starts next time to arm it again.
            closeQuietly(watchdog);
            throw e;
        }
    }

    private int run(DeviceFacts facts, BoardProfile board, Watchdog watchdog, EventHub events, DataPartition data,
                    BootHistory boots, Lifecycle memory, Starts starts, CrashLoop.Decision crashes,
                    KernelClock kernelClock, ClockKeeper clock) throws Exception {
        Optional<TestCrash> testCrash = crashes.safeMode() ? Optional.empty() : TestCrash.read(root);
        if (testCrash.isPresent()) {
            testCrash.get().now();
        }
        Path configFile = root.resolve("boot/lowernet.conf");
        LoadedConfig loaded = crashes.safeMode() ? LoadedConfig.safeMode(configFile, crashes.describe())
                : LoadedConfig.load(configFile, root.resolve(LastGoodConfig.FILE));
        Logger.info(Files.exists(configFile) ? "lowernet.conf: found at " + configFile
                : "lowernet.conf: not found on the boot partition, using defaults");
        // Whose updates this node would install (installing them is still to come): said at every start.
        TrustedKeys releaseKeys = TrustedKeys.read(root);
        releaseKeys.problems().forEach(Logger::error);
        Logger.info("update: {}", releaseKeys.describe());
        if (crashes.safeMode()) {
            Logger.error("{}; fix what the crashes above name, then reboot (or stop the runtime cleanly)",
                    loaded.origin());
            events.emit(Event.now(EventType.SAFE_MODE, "crashes", crashes.crashes().size(), "window_s",
                    CrashLoop.WINDOW.toSeconds(), "last_crash", crashes.last().map(Crash::reason).orElse("")));
            try {
                boots.crashLoop(crashes.describe());
            } catch (IOException e) {
                Logger.warn("boot record: cannot say crash-loop as this boot's reason: {}", e.getMessage());
            }
        }
        if (loaded.fellBack()) {
            Logger.error("lowernet.conf IS INVALID: running with {}; fix these and restart:", loaded.origin());
            loaded.errors().stream().map(ConfigError::message).forEach(Logger::error);
            loaded.errors().forEach(e -> events.emit(Event.now(EventType.CONFIG_ERROR, "message", e.message())));
            Logger.error("running: {}", loaded.config().summary());
        }
        String nodeName = loaded.config().node().name(facts.serial());
        setHostname(nodeName);

        // The one rtnetlink subscription: every reader of network state listens to it.
        Rtnetlink rtnetlink = Rtnetlink.open();
        NetworkState state = NetworkState.open(rtnetlink);
        SortedMap<String, InterfaceRole> roles = InterfacePlan.roles(loaded.config(), board);
        // babeld's router id, made explicit: the modified EUI-64 of the first mesh interface's MAC (a node whose
        // mesh is only tunnels, which have none: of its other interfaces'). The other routers see it beside this
        // router's prefixes, so it also seeds and decides this router's prefix.
        Optional<RouterId> routerId = roles.containsValue(InterfaceRole.MESH)
                ? Stream.concat(roles.entrySet().stream().filter(e -> e.getValue() == InterfaceRole.MESH),
                                roles.entrySet().stream().filter(e -> e.getValue() != InterfaceRole.MESH))
                        .map(e -> state.current().link(e.getKey()).flatMap(Link::mac)).flatMap(Optional::stream)
                        .findFirst().map(RouterId::fromMac)
                : Optional.empty();
        // On a mesh without lan.address the LAN is the node's own prefix, kept on /data: decided before the plan.
        Optional<PrefixKeeper> prefix = PrefixKeeper.of(root, loaded.config(), roles.values(),
                routerId.map(RouterId::toString).orElse(meshId(facts, nodeName)), events);
        MeshLan lan = prefix.map(PrefixKeeper::current).orElseGet(() -> MeshLan.fixed(loaded.config().lan()));
        InterfacePlan plan = InterfacePlan.of(loaded.config(), board, lan);
        Uplink uplink = new Uplink(plan.wan(), loaded.config().wan().mode() == WanMode.DHCP, events);
        uplink.start(state);
        LinkEvents links = new LinkEvents(plan.roles().keySet(), events);
        links.start(state);

        NetworkSubsystem network = new NetworkSubsystem(plan, state);
        // The LEDs first: they show booting while the rest starts, and shutdown until the rest has stopped.
        LedSubsystem leds = new LedSubsystem(root, loaded, board, uplink, () -> data.unavailable().isPresent(),
                crashes.safeMode());
        TimeSync ntp = new TimeSync(loaded.config().time().servers(), Sntp.PORT, kernelClock, clock::trusted);
        // The node's WireGuard key and tunnels (best effort): their interfaces made before the network subsystem
        // (which would wait for them) and babel start on them.
        NodeKey nodeKey = NodeKey.load(root, data.mounted());
        WireGuard wireGuard = WireGuard.open(rtnetlink);
        Tunnels tunnels = new Tunnels(loaded.config().tunnels(), nodeKey, wireGuard, events, Tunnels.linkLocal(
                routerId.map(RouterId::bytes).orElseGet(() -> Arrays.copyOf(nodeKey.publicKey().bytes(), 8))));
        List<Subsystem> subsystems = new ArrayList<>(List.of(leds, tunnels, network));
        LanDesire lanDesire = new LanDesire(plan.lans(), plan.desired(), InterfacePlan.addresses(lan), network::desire);
        RouterServices services = RouterServices.of(root, loaded.config(), lan, plan, lanDesire::desire, nodeName,
                uplink::lease, ntp::offered, routerId, events);
        subsystems.addAll(services.subsystems());
        prefix.ifPresent(keeper -> keeper.listen((before, after) -> {
            lanDesire.lanMoved(InterfacePlan.addresses(after));
            services.lanMoved(after);
        }));
        // Babel's view: the prefix rule, DNS to the gateway, the mesh's names and the mesh LED follow it.
        leds.mesh(LedCondition.mesh(!plan.meshes().isEmpty(), false, false));
        services.mesh().ifPresent(monitor -> monitor.listen(view -> {
            prefix.ifPresent(keeper -> keeper.onAnnouncements(view.announced()));
            services.meshChanged(view);
            leds.mesh(LedCondition.mesh(true, !view.neighbours().isEmpty(),
                    view.gateway().isPresent() || view.announcesDefault()));
        }));
        subsystems.add(ntp);
        HealthSubsystem health = new HealthSubsystem(root, loaded.config(), facts, nodeName, version, plan, state, leds,
                events, () -> Optional.of(boots.boot()), () -> services.ssh().flatMap(SshService::hostKeyFingerprint),
                ntp::synced);
        subsystems.add(health);
        health.mesh(services.mesh(), routerId, () -> prefix.map(PrefixKeeper::current).orElse(lan));
        health.tunnels(Optional.of(nodeKey.publicKey().base64()),
                () -> TunnelReport.of(tunnels.states(), loaded.config().tunnels(), Instant.now()));
        subsystems.add(new RespondServer(plan.meshes(), Respondd.PORT, health.respondd(plan.meshes()),
                RespondServer.ANSWERS_PER_SECOND));
        // Its dump waits until after ready, at low priority: the next start maps the classes this one parsed.
        subsystems.add(new ClassDataCache(root, ClassDataCache.Launch.current(), data::mounted, data::checkpoint,
                ClassDataCache.delay(root),
                ClassDataCache.lowPriority(DataTools.fromSystemProperties().busybox())));
        // Last, so that its time runs from ready.
        subsystems.add(new LastGoodConfig(root, loaded, loaded.config().reliability().goodAfter(), watchdog::healthy));
        // A system on trial (an update's first boots) is committed once it has been as healthy as that.
        Path boot = root.resolve("boot");
        TrialCommit trial = new TrialCommit(root, new SlotFile(boot, root.equals(Path.of("/"))
                ? SlotFile.Remount.of(DataTools.fromSystemProperties().busybox(), boot) : SlotFile.Remount.none()),
                loaded.config().update().commitAfter(), () -> !crashes.safeMode() && watchdog.healthy(), events,
                leds::updating, () -> conditions(uplink, services, health));
        subsystems.add(trial);
        health.update(() -> trial.status().map(s -> new NodeInfo.Update(s.booted().slot().letter(), s.version(),
                s.booted().trial(), s.booted().attempt(), s.booted().maxTries(), s.lastResult())));
        Lifecycle lifecycle = new Lifecycle(subsystems.stream().filter(s -> !left(s.name())).toList());
        // The heartbeat is answered by the network state's thread, which runs every state listener.
        watchdog.watch(state::afterNextRead, lifecycle::failures);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            Logger.info("lowernet stopping");
            watchdog.stopping();
            // Asked to stop (SIGTERM): not a crash, however the stop goes; said before /data is unmounted.
            starts.stoppedCleanly();
            leds.stopping();
            lifecycle.stop();
            links.close();
            uplink.close();
            closeQuietly(state);
            wireGuard.close();
            rtnetlink.close();
            memory.stop();
            closeQuietly(watchdog);
            Logger.info("lowernet stopped");
            stopped.countDown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        lifecycle.start();
        network.report().forEach(Logger::info);
        leds.ready();
        Logger.info(ready);
        watchdog.ready();
        stopped.await();
        return 0;
    }

    /** What this node has now that an update must not lose (NodeConditions). */
    private static Set<String> conditions(Uplink uplink, RouterServices services, HealthSubsystem health) {
        Set<String> now = new TreeSet<>();
        if (uplink.isOnline()) {
            now.add(NodeConditions.UPLINK);
        }
        if (services.mesh().filter(mesh -> !mesh.view().neighbours().isEmpty()).isPresent()) {
            now.add(NodeConditions.MESH);
        }
        if (health.mqttConnected()) {
            now.add(NodeConditions.MQTT);
        }
        return now;
    }

    /**
     * Whether the subsystem called {@code name} is left out by the system property {@value #OFF} (names,
     * comma-separated): to tell a fault apart on a device, and for tests that prove the rest does without it.
     */
    private static boolean left(String name) {
        boolean off = List.of(System.getProperty(OFF, "").split(",")).contains(name);
        if (off) {
            Logger.warn("subsystem {} left out ({}={})", name, OFF, System.getProperty(OFF));
        }
        return off;
    }

    /**
     * The prefix's id when no mesh interface has a MAC (then babel does not run and no other router compares it):
     * the board's serial number (hex), else the node name.
     */
    private static String meshId(DeviceFacts facts, String nodeName) {
        return facts.serial().orElse(nodeName);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            Logger.warn("closing {}: {}", closeable.getClass().getSimpleName(), e.getMessage());
        }
    }

    /** The node's name becomes the kernel's hostname (in tests, a file below their root). */
    private void setHostname(String name) {
        Path hostname = root.resolve("proc/sys/kernel/hostname");
        try {
            Files.writeString(hostname, name + "\n", StandardCharsets.US_ASCII);
            Logger.info("node name: {}", name);
        } catch (IOException e) {
            Logger.warn("cannot set the hostname to {} ({}): {}", name, hostname, e.getMessage());
        }
    }
}
