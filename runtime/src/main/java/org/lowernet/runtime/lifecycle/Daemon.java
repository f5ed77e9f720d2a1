package org.lowernet.runtime.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.lowernet.runtime.DeviceFacts;
import org.lowernet.runtime.board.BoardProfile;
import org.lowernet.runtime.board.BoardProfiles;
import org.lowernet.runtime.config.ConfigError;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventHub;
import org.lowernet.runtime.events.EventType;
import org.tinylog.Logger;

/**
 * The router daemon: config and board in, subsystems started in order, {@code lowernet ready} once the
 * interfaces are configured, a clean stop on SIGTERM.
 *
 * @param root   "/" on the device; tests give a folder with their own boot/, proc/ and board profiles
 * @param ready  the line that tells people and tests the router is up
 */
public record Daemon(Path root, String version, String ready) {

    public int run() throws Exception {
        DeviceFacts facts = DeviceFacts.read(root);
        Logger.info("lowernet runtime {}", version);
        Logger.info("board: {}", facts.board().orElse("unknown (no /proc/device-tree/model)"));
        Logger.info("kernel: {}", facts.kernelRelease());

        Path configFile = root.resolve("boot/lowernet.conf");
        LoadedConfig loaded = LoadedConfig.load(configFile);
        Logger.info(Files.exists(configFile) ? "lowernet.conf: found at " + configFile
                : "lowernet.conf: not found on the boot partition, using defaults");
        EventHub events = new EventHub();
        if (loaded.fellBack()) {
            Logger.error("lowernet.conf IS INVALID: running with {}; fix these and restart:", loaded.origin());
            loaded.errors().stream().map(ConfigError::message).forEach(Logger::error);
            loaded.errors().forEach(e -> events.emit(Event.now(EventType.CONFIG_ERROR, "message", e.message())));
        }
        List<String> problems = new ArrayList<>();
        BoardProfile board = BoardProfiles.pick(root.resolve(BoardProfiles.FOLDER), facts.board().orElse(""), problems);
        problems.forEach(Logger::warn);
        Logger.info("board profile: {} ({})", board.id(), board.name());
        String nodeName = loaded.config().node().name(facts.serial());
        setHostname(nodeName);

        InterfacePlan plan = InterfacePlan.of(loaded.config(), board);
        NetworkSubsystem network = new NetworkSubsystem(plan);
        // LEDs first: they show booting while the rest starts, and shutdown until the rest has stopped.
        LedSubsystem leds = new LedSubsystem(root, loaded, board, plan, events);
        List<Subsystem> subsystems = new ArrayList<>(List.of(leds, network));
        subsystems.addAll(RouterServices.of(root, loaded.config(), plan, network::desire, nodeName, leds::lease,
                events));
        subsystems.add(new HealthSubsystem(root, loaded.config(), facts, nodeName, version, plan, leds, events));
        Lifecycle lifecycle = new Lifecycle(subsystems);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            Logger.info("lowernet stopping");
            leds.stopping();
            lifecycle.stop();
            Logger.info("lowernet stopped");
            stopped.countDown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        lifecycle.start();
        network.report().forEach(Logger::info);
        leds.ready();
        Logger.info(ready);
        stopped.await();
        return 0;
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
