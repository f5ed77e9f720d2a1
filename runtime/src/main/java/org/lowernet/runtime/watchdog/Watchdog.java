package org.lowernet.runtime.watchdog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.lowernet.runtime.boot.BootHistory;
import org.lowernet.runtime.data.AtomicFile;
import org.tinylog.Logger;

/**
 * The board's hardware watchdog, armed at {@link #TIMEOUT} and fed every {@link #FEED} while {@link HealthCheck}
 * finds the runtime well. Armed first and closed last by the daemon, so it covers the whole start and stop; a
 * frozen JVM feeds nothing, and a failed check is logged loudly, written to {@value BootHistory#WATCHDOG_NOTE} (the
 * next boot's reason) and feeding stops for good. Not armed when the board names none or the kernel command line says
 * {@value #SWITCH}; a watchdog that cannot be armed is said loudly and the router runs without.
 */
public final class Watchdog implements AutoCloseable {

    /** The timeout: under bcm2835's hardware maximum (about 16 s), so no kernel thread feeds on our behalf. */
    public static final int TIMEOUT = 15;
    /**
     * The timeout set as the runtime closes the watchdog (a stop, or a start that failed): with nowayout the timer
     * runs on, and the runtime init starts next (a JVM start, over 10 s on a loaded board) or the reboot must come
     * first. Beyond bcm2835's hardware maximum the kernel's watchdog core pings the hardware meanwhile.
     */
    static final int HANDOVER = 60;
    /** How often it is fed while the runtime is well. */
    static final Duration FEED = Duration.ofSeconds(5);
    /** The kernel command-line switch of test machines whose watchdog must not start (QEMU raspi3b). */
    public static final String SWITCH = "lowernet.watchdog=off";

    private final Path root;
    private final Optional<String> driver;
    private final HealthCheck check;
    private final LongSupplier nanos;
    /** Set by {@link #watch}: until then only the start's bound is judged. */
    private volatile Heartbeat heartbeat;
    private volatile Supplier<Map<String, String>> failures = Map::of;
    private final Object lock = new Object();
    private WatchdogDevice device;
    /** The armed watchdog's sysfs folder (identity, nowayout). */
    private Path sysfs;
    private Optional<BootStatus> bootStatus = Optional.empty();
    private HealthCheck.Phase phase = HealthCheck.Phase.STARTING;
    private long phaseSince;
    private boolean closing;
    private boolean gaveUp;
    private Thread feeder;

    /**
     * @param driver the board's watchdog module to arm (board.conf); empty: none
     * @param nanos  a monotonic clock (System::nanoTime)
     */
    public Watchdog(Path root, Optional<String> driver, HealthCheck check, LongSupplier nanos) {
        this.root = root;
        this.driver = driver;
        this.check = check;
        this.nanos = nanos;
    }

    /**
     * Finds, arms and starts feeding the board's watchdog, as early as the runtime can: after a crash the timer
     * runs on, and init's new runtime must reach this within the timeout. Says why when it does not arm.
     */
    public void start() {
        if (driver.isEmpty()) {
            Logger.info("watchdog: none (the board profile arms none)");
            return;
        }
        if (switchedOff(root)) {
            Logger.warn("watchdog: NOT ARMED: {} on the kernel command line (for test machines only)", SWITCH);
            return;
        }
        Optional<Path> node = find(root, driver.get());
        if (node.isEmpty()) {
            Logger.error("WATCHDOG NOT ARMED: no watchdog of driver {} in {} (module not loaded?); running without one",
                    driver.get(), root.resolve("sys/class/watchdog"));
            return;
        }
        int timeout;
        try {
            device = WatchdogDevice.open(node.get());
            timeout = device.setTimeout(TIMEOUT);
            bootStatus = Optional.of(new BootStatus(driver.get(), device.bootStatus()));
        } catch (IOException e) {
            Logger.error("WATCHDOG NOT ARMED: {}; running without one", e.getMessage());
            closeDevice();
            return;
        }
        sysfs = root.resolve("sys/class/watchdog").resolve(node.get().getFileName().toString());
        Logger.info("watchdog: armed {} ({}, {}), timeout {} s, fed every {} s while the runtime is well; nowayout {}",
                node.get(), driver.get(), read(sysfs.resolve("identity")), timeout, FEED.toSeconds(),
                read(sysfs.resolve("nowayout")));
        Logger.info("watchdog: previous reset {} (boot status 0x{})", bootStatus.get().watchdog()
                ? "WAS THE WATCHDOG'S" : "was not the watchdog's", Integer.toHexString(bootStatus.get().flags()));
        synchronized (lock) {
            phaseSince = nanos.getAsLong();
            feeder = Thread.ofPlatform().daemon().name("watchdog").start(this::feed);
        }
    }

    /**
     * From now on the health check covers the daemon: {@code loop} runs a task soon on the daemon's working thread
     * (the heartbeat's answer), {@code failures} says what failed, by subsystem name.
     */
    public void watch(Consumer<Runnable> loop, Supplier<Map<String, String>> failures) {
        this.failures = failures;
        this.heartbeat = new Heartbeat(nanos, loop);
    }

    /** What the driver says about the previous reset; empty when no watchdog is armed. */
    public Optional<BootStatus> bootStatus() {
        return bootStatus;
    }

    /** The start finished: from now on the start's bound no longer applies. */
    public void ready() {
        enter(HealthCheck.Phase.RUNNING);
    }

    /** The runtime stops: fed for at most the stop's bound, whatever the daemon's threads do. */
    public void stopping() {
        enter(HealthCheck.Phase.STOPPING);
    }

    private void enter(HealthCheck.Phase next) {
        synchronized (lock) {
            phase = next;
            phaseSince = nanos.getAsLong();
        }
    }

    private void feed() {
        while (true) {
            HealthCheck.Observation seen;
            Heartbeat beat = heartbeat;
            synchronized (lock) {
                if (closing) {
                    return;
                }
                seen = observe(beat);
            }
            Optional<String> failure = check.failure(seen);
            if (failure.isPresent()) {
                giveUp(failure.get());
                return;
            }
            try {
                device.keepAlive();
            } catch (IOException e) {
                giveUp("feeding the watchdog failed: " + e.getMessage());
                return;
            }
            if (beat != null && seen.phase() != HealthCheck.Phase.STOPPING) {
                beat.beat();
            }
            synchronized (lock) {
                try {
                    lock.wait(FEED.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * Whether the runtime is well now, by the same check that feeds the watchdog (also where none is armed: then
     * the heartbeat is never asked, and the subsystems' failures decide). The last good config is saved only then.
     */
    public boolean healthy() {
        synchronized (lock) {
            return !gaveUp && check.failure(observe(heartbeat)).isEmpty();
        }
    }

    private HealthCheck.Observation observe(Heartbeat beat) {
        return new HealthCheck.Observation(phase, Duration.ofNanos(nanos.getAsLong() - phaseSince),
                beat == null ? Duration.ZERO : beat.unanswered(),
                phase == HealthCheck.Phase.STOPPING ? Map.of() : failures.get());
    }

    /** Stops feeding for good: the board resets within the timeout. */
    private void giveUp(String reason) {
        synchronized (lock) {
            gaveUp = true;
        }
        Logger.error("WATCHDOG: THE RUNTIME IS NOT WELL: {}", reason);
        Logger.error("WATCHDOG: STOPPED FEEDING; the board resets within {} s", TIMEOUT);
        try {
            AtomicFile.write(root.resolve(BootHistory.WATCHDOG_NOTE), reason.replace('\n', ' ') + "\n");
        } catch (IOException e) {
            Logger.error("watchdog: cannot keep the reason in {}: {}", root.resolve(BootHistory.WATCHDOG_NOTE), e.getMessage());
        }
    }

    /**
     * Sets the {@link #HANDOVER} timeout, feeds one last time and closes with the magic character: the timer stops
     * unless the driver has nowayout, as lowernet's images set; then the next runtime or the reboot has that long.
     */
    @Override
    public void close() throws InterruptedException {
        Thread running;
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
            running = feeder;
        }
        if (running != null) {
            running.join(FEED.toMillis());
        }
        if (device == null) {
            return;
        }
        try {
            int handover = device.setTimeout(HANDOVER);
            device.keepAlive();
            device.allowStop();
            Logger.info("watchdog: closed{}", "1".equals(read(sysfs.resolve("nowayout")))
                    ? "; nowayout keeps it running: the board resets within " + handover + " s unless the runtime is"
                    + " back (init restarts it) or the board reboots or powers off first" : " and stopped");
        } catch (IOException e) {
            Logger.warn("watchdog: closing: {}; it keeps running", e.getMessage());
        } finally {
            closeDevice();
        }
    }

    private void closeDevice() {
        if (device != null) {
            device.close();
            device = null;
        }
    }

    /**
     * The device node of the watchdog the kernel module {@code driver} registered: the first (by name) whose
     * device's driver is that module. Some drivers (i6300esb) give their watchdog no parent device, so sysfs puts
     * it under devices/virtual with no such link: then the one watchdog without a device, if the module is loaded
     * and exactly one such watchdog exists.
     */
    static Optional<Path> find(Path root, String driver) {
        Path watchdogs = root.resolve("sys/class/watchdog");
        if (!Files.isDirectory(watchdogs)) {
            return Optional.empty();
        }
        List<Path> all;
        try (Stream<Path> list = Files.list(watchdogs)) {
            all = list.sorted().toList();
        } catch (IOException e) {
            Logger.warn("watchdog: cannot list {}: {}", watchdogs, e.getMessage());
            return Optional.empty();
        }
        List<Path> withoutDevice = all.stream().filter(w -> !Files.exists(w.resolve("device"))).toList();
        for (Path watchdog : all) {
            try {
                Path module = watchdog.resolve("device/driver/module").toRealPath();
                if (module.getFileName().toString().equals(driver)) {
                    return Optional.of(node(root, watchdog));
                }
            } catch (IOException e) {
                Logger.debug("watchdog: {} names no driver module: {}", watchdog, e.getMessage());
            }
        }
        if (withoutDevice.size() == 1 && Files.isDirectory(root.resolve("sys/module").resolve(driver))) {
            return Optional.of(node(root, withoutDevice.getFirst()));
        }
        return Optional.empty();
    }

    private static Path node(Path root, Path watchdog) {
        return root.resolve("dev").resolve(watchdog.getFileName().toString());
    }

    /** Whether the kernel command line carries {@value #SWITCH}. */
    static boolean switchedOff(Path root) {
        return List.of(read(root.resolve("proc/cmdline")).split("\\s+")).contains(SWITCH);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
