package org.lowernet.runtime.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.lowernet.runtime.board.BoardProfile;
import org.lowernet.runtime.config.ActMode;
import org.lowernet.runtime.config.ActiveLevel;
import org.lowernet.runtime.config.LedsConfig;
import org.lowernet.runtime.led.ActLed;
import org.lowernet.runtime.led.GpioReadBack;
import org.lowernet.runtime.led.Led;
import org.lowernet.runtime.led.LedCondition;
import org.lowernet.runtime.led.LedOutput;
import org.lowernet.runtime.led.LedPin;
import org.lowernet.runtime.led.LedPins;
import org.lowernet.runtime.led.LedScheduler;
import org.lowernet.runtime.led.LedStates;
import org.lowernet.runtime.led.Pi4jOutputs;
import org.lowernet.runtime.subsystem.Subsystem;
import org.lowernet.runtime.uplink.Uplink;
import org.tinylog.Logger;

/**
 * The status LEDs, best-effort: a router without LEDs still routes, and nothing else depends on them. States
 * come from real events: booting until ready, config-error when lowernet.conf fell back, online / no-uplink
 * from the {@link Uplink}, safe mode after a crash loop, degraded from the health reporter and an unusable data partition, identify, shutdown. Without a GPIO chip
 * (QEMU virt, a host) it says so once and only tracks the states.
 */
final class LedSubsystem implements Subsystem, HealthSubsystem.Indicator {

    /** The first GPIO chip: on a Pi the SoC's pinctrl (pinctrl-bcm2835 / -bcm2711) with the header lines. */
    static final String GPIO_CHIP = "dev/gpiochip0";
    /** gpiolib's debugfs view of every requested line (rcS mounts debugfs). */
    static final String DEBUG_GPIO = "sys/kernel/debug/gpio";

    private final Path root;
    private final LedsConfig config;
    private final BoardProfile board;
    private final boolean configFellBack;
    private final Uplink uplink;
    private volatile Optional<LedCondition> mesh = Optional.empty();
    /** Whether the data partition is there but unusable: degraded for as long as the router runs. */
    private final BooleanSupplier dataUnavailable;
    /** The runtime crashed again and again and runs in safe mode: shown for as long as it runs. */
    private final boolean safeMode;
    private LedScheduler scheduler;
    private Pi4jOutputs gpio;
    private Optional<ActLed> act = Optional.empty();
    private volatile LedStates states;

    LedSubsystem(Path root, LoadedConfig loaded, BoardProfile board, Uplink uplink, BooleanSupplier dataUnavailable,
                 boolean safeMode) {
        this.dataUnavailable = dataUnavailable;
        this.safeMode = safeMode;
        this.root = root;
        this.config = loaded.config().leds();
        this.board = board;
        this.configFellBack = loaded.fellBack();
        this.uplink = uplink;
    }

    @Override
    public String name() {
        return "leds";
    }

    @Override
    public boolean essential() {
        return false;
    }

    @Override
    public void start() throws Exception {
        List<String> warnings = new ArrayList<>();
        Map<Led, LedPin> pins = LedPins.resolve(board.leds(), config, warnings);
        warnings.forEach(Logger::warn);
        Map<Led, LedOutput> outputs = new EnumMap<>(Led.class);
        String where = pins.entrySet().stream().map(e -> e.getKey().key() + " GPIO " + e.getValue().gpio()
                + (e.getValue().active() == ActiveLevel.LOW ? " (active low)" : ""))
                .collect(Collectors.joining(", "));
        if (pins.isEmpty()) {
            Logger.info("leds: the board profile names no LED pins and lowernet.conf none; only states are tracked");
        } else if (!Files.exists(root.resolve(GPIO_CHIP))) {
            Logger.info("leds: no GPIO chip (/{} absent); {} not driven, only states are tracked", GPIO_CHIP, where);
        } else {
            gpio = Pi4jOutputs.open(Pi4jOutputs.GPIOD, pins);
            outputs.putAll(gpio.outputs());
            Logger.info("leds: driving {} through {}", where, Pi4jOutputs.GPIOD);
        }
        if (config.act() != ActMode.KERNEL) {
            act = ActLed.take(root.resolve("sys/class/leds"));
            act.ifPresentOrElse(led -> {
                if (config.act() == ActMode.MIRROR) {
                    outputs.merge(Led.STATUS, led, LedOutput::both);
                } else {
                    led.set(false);
                }
                Logger.info("leds: on-board ACT LED ({}): {}", led, config.act().name().toLowerCase(Locale.ROOT));
            }, () -> Logger.info("leds: no on-board ACT LED in /sys/class/leds"));
        }
        scheduler = LedScheduler.thread(Clock.systemDefaultZone());
        Path debugGpio = root.resolve(DEBUG_GPIO);
        List<Integer> driven = gpio == null ? List.of() : pins.values().stream().map(LedPin::gpio).toList();
        boolean readBack = !driven.isEmpty() && Files.isReadable(debugGpio);
        states = new LedStates(scheduler, outputs, config.quiet(), view -> {
            if (readBack) {
                // Queued behind the player's change, so it sees the new pattern's first phase.
                scheduler.schedule(Duration.ZERO, () -> readBack(debugGpio, driven, view.describe()));
            }
        });
        states.set(LedCondition.BOOTING, true);
        states.set(LedCondition.SAFE_MODE, safeMode);
        states.set(LedCondition.CONFIG_ERROR, configFellBack);
        states.set(LedCondition.DEGRADED, dataUnavailable.getAsBoolean());
        uplink.listen(states::uplink);
        states.mesh(mesh);
    }

    /** The mesh LED's state ({@link LedCondition#mesh}); kept until the LEDs start when they have not yet. */
    void mesh(Optional<LedCondition> condition) {
        mesh = condition;
        LedStates current = states;
        if (current != null) {
            current.mesh(condition);
        }
    }

    /** "leds: read back for booting (status=slow blink, ...): gpio17=hi gpio22=lo gpio27=lo". */
    private static void readBack(Path debugGpio, List<Integer> gpios, String view) {
        try {
            Logger.info("leds: read back for {}: {}", view, GpioReadBack.read(debugGpio, gpios));
        } catch (IOException e) {
            Logger.warn("leds: reading back the LED lines from {}: {}", debugGpio, e.getMessage());
        }
    }

    /** What the LEDs show now, as the state's word ("online", "degraded"); "off" before they started. */
    @Override
    public String shown() {
        LedStates current = states;
        return current == null ? "off" : current.current().state().map(LedCondition::word).orElse("off");
    }

    /** All LEDs blink together for a while, so a person finds this box (asked for over MQTT). */
    @Override
    public void identify(Duration duration) {
        if (states != null) {
            states.identify(duration);
        }
    }

    /**
     * Degraded: the router routes, but something a person should look at is wrong (a refused MQTT login); an
     * unusable data partition keeps it on whatever the login does.
     */
    @Override
    public void degraded(boolean on) {
        if (states != null) {
            states.set(LedCondition.DEGRADED, on || dataUnavailable.getAsBoolean());
        }
    }

    /** An update is being written, or this boot tries an updated system: until it is committed. */
    void updating(boolean on) {
        if (states != null) {
            states.set(LedCondition.UPDATING, on);
        }
    }

    /** The router is up: booting ends. */
    void ready() {
        if (states != null) {
            states.set(LedCondition.BOOTING, false);
        }
    }

    /** Shows shutdown while the other subsystems stop (this one stops last). */
    void stopping() {
        if (states != null) {
            states.set(LedCondition.SHUTDOWN, true);
        }
    }

    @Override
    public void stop() throws Exception {
        try {
            if (states != null) {
                states.stop().get(2, TimeUnit.SECONDS);
            }
        } finally {
            if (gpio != null) {
                gpio.close();
            }
            if (config.act() == ActMode.OFF) {
                act.ifPresent(ActLed::close);
            }
            if (scheduler != null) {
                scheduler.close();
            }
        }
        Logger.info("leds: stopped, all LEDs off");
    }
}
