package org.lowernet.runtime.board;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.lowernet.runtime.config.Key;
import org.lowernet.runtime.config.KeySchema;
import org.lowernet.runtime.config.LedsConfig;
import org.lowernet.runtime.config.Setting;
import org.lowernet.runtime.config.Settings;
import org.lowernet.runtime.config.ValueType;
import org.lowernet.runtime.config.ValueTypes;
import org.lowernet.runtime.config.ValueTypes.Separator;

/**
 * Everything one {@code board.conf} says (board/README.md): what the build needs and the device's
 * defaults ({@link #profile}). The image builder and the runtime read it here, with one schema that
 * checks every key, so a bad {@code leds.status} fails the build, not the device.
 *
 * @param profile       the device's part: id, name, models, default interface roles and LED pins
 * @param unsupported   why the build refuses this board; empty for a supported one
 * @param dtbs          device-tree files copied to the boot partition
 * @param modules       kernel modules the board needs (the build adds their dependencies)
 * @param console       the serial console the kernel uses, e.g. ttyS1,115200
 * @param imagerDevices Raspberry Pi Imager's hardware tags that offer the image for this board
 * @param watchdog      the kernel module that drives the board's hardware watchdog; empty when it has none
 * @param jvm           how the launcher starts the runtime's JVM on this board
 */
public record Board(BoardProfile profile, Optional<String> unsupported, List<String> dtbs, List<String> modules,
                    String console, List<String> imagerDevices, Optional<String> watchdog, JvmOptions jvm) {

    private static final ValueType<String> TEXT = ValueTypes.word("text", "\\P{Cntrl}+", "text on one line");

    static final Key<String> NAME = Key.optional("name", TEXT, "required", "What people call the board.",
            "Raspberry Pi 4 Model B, Pi 400, Compute Module 4");
    static final Key<Boolean> SUPPORTED = Key.optional("supported", ValueTypes.bool(), "required",
            "true, or false with reason: listed to users, refused by the build.", "true");
    static final Key<String> REASON = Key.optional("reason", TEXT, "none (required when supported = false)",
            "Why the board is not supported.", "Debian's kernel has no driver for its SD controller.");
    static final Key<List<String>> MODELS = Key.optional("models",
            ValueTypes.listOf(TEXT, "model prefixes", Separator.SEMICOLON, 1, 20), "required",
            "Prefixes of /proc/device-tree/model this profile serves.", "Raspberry Pi 4 Model B; Raspberry Pi 400");
    static final Key<List<String>> DTBS = Key.optional("dtbs", ValueTypes.listOf(ValueTypes.word("DTB file",
                    "[A-Za-z0-9._+-]+\\.dtb", "a device-tree file name such as bcm2711-rpi-4-b.dtb"), "DTB files",
                    Separator.SPACE, 0, 50), "required (may be empty)",
            "Device-tree files copied to the boot partition.", "bcm2711-rpi-4-b.dtb bcm2711-rpi-400.dtb");
    private static final ValueType<String> MODULE = ValueTypes.word("module", "[A-Za-z0-9_-]+",
            "a kernel module name such as smsc95xx");
    static final Key<List<String>> MODULES = Key.optional("modules", ValueTypes.listOf(MODULE, "kernel modules",
                    Separator.SPACE, 0, 100), "required (may be empty)",
            "Kernel modules the board needs; the build adds their dependencies.", "sdhci-iproc genet");
    static final Key<String> CONSOLE = Key.optional("console", ValueTypes.word("serial console",
                    "tty[A-Za-z0-9]+(,[0-9]+)?", "a serial console such as ttyS1,115200"), "required",
            "The serial console the kernel uses on this board.", "ttyS1,115200");
    static final Key<Optional<Integer>> LED = Key.family("leds.<name>", LedsConfig.LED_NAME,
            ValueTypes.orNone(ValueTypes.headerGpio()), "none",
            "The default BCM GPIO of the status, uplink or mesh LED; nothing for none.", "17");
    static final Key<Optional<String>> WAN = Key.optional("interfaces.wan", ValueTypes.orNone(
            ValueTypes.interfaceName()), "none", "The uplink unless lowernet.conf gives interface roles.", "eth0");
    static final Key<Optional<String>> LAN = Key.optional("interfaces.lan", ValueTypes.orNone(
            ValueTypes.interfaceName()), "none", "The neighbourhood's side unless lowernet.conf gives roles.", "eth1");
    static final Key<List<String>> IMAGER_DEVICES = Key.optional("imager.devices", ValueTypes.listOf(
                    ValueTypes.word("Imager device tag", "[a-z0-9-]+", "a Raspberry Pi Imager device tag such as"
                            + " pi4-64bit"), "device tags", Separator.SPACE, 0, 10), "none",
            "Raspberry Pi Imager's hardware tags that list the image for this board.", "pi4-64bit");

    static final Key<Optional<String>> WATCHDOG_DRIVER = Key.optional("watchdog.driver", ValueTypes.orNone(MODULE),
            "none", "The kernel module of the board's hardware watchdog; it must be in modules.", "bcm2835_wdt");
    static final Key<Boolean> WATCHDOG_ARM = Key.optional("watchdog.arm", ValueTypes.bool(), "false",
            "Whether the runtime arms the watchdog (15 s, fed while it is healthy); needs watchdog.driver.", "true");

    static final Key<Integer> HEAP_PERCENT = Key.optional("jvm.heap.percent", ValueTypes.integer(5, 90),
            String.valueOf(JvmOptions.DEFAULT.heapPercent()), "The JVM's heap limit (-Xmx) as a percentage of MemTotal.",
            "15");
    static final Key<Integer> HEAP_MIN = Key.optional("jvm.heap.min", ValueTypes.integer(16, 4096),
            String.valueOf(JvmOptions.DEFAULT.heapMinMib()), "The heap limit's floor in MiB.", "32");
    static final Key<Integer> HEAP_MAX = Key.optional("jvm.heap.max", ValueTypes.integer(16, 4096),
            String.valueOf(JvmOptions.DEFAULT.heapMaxMib()), "The heap limit's cap in MiB; at least jvm.heap.min.",
            "64");
    /**
     * Plain words, so that the launcher (busybox sh) can split them on spaces: no quotes, globs or "$". Only -X
     * options: a -D property or a class path belongs to the launcher, not to a board.
     */
    static final Key<List<String>> JVM_OPTIONS = Key.optional("jvm.options", ValueTypes.listOf(ValueTypes.word(
                    "JVM option", "-X[A-Za-z][A-Za-z0-9:+=._,/-]*", "a JVM -X or -XX option such as -Xss256k"),
                    "JVM options", Separator.SPACE, 0, 40), "none",
            "JVM options the launcher adds after its own on this board.", "-Xss256k -XX:TieredStopAtLevel=1");
    /** What the launcher decides itself, for every board (bin/lowernet says why); a board may not undo it. */
    private static final Pattern LAUNCHERS_OWN = Pattern.compile(
            "-Xmx.*|-XX:MaxHeapSize=.*|-XX:[+-]?ExitOnOutOfMemoryError|-XX:[+-]Use[A-Za-z0-9]*GC");

    /** board.conf: these keys; "key =" with nothing after it means none where the key allows it. */
    public static final KeySchema SCHEMA = new KeySchema("board/README.md", true, List.of(NAME, SUPPORTED, REASON,
            MODELS, DTBS, MODULES, CONSOLE, LED, WAN, LAN, IMAGER_DEVICES, WATCHDOG_DRIVER, WATCHDOG_ARM,
            HEAP_PERCENT, HEAP_MIN, HEAP_MAX, JVM_OPTIONS));
    private static final List<Key<?>> REQUIRED = List.of(NAME, SUPPORTED, MODELS, DTBS, MODULES, CONSOLE);

    public Board {
        dtbs = List.copyOf(dtbs);
        modules = List.copyOf(modules);
        imagerDevices = List.copyOf(imagerDevices);
    }

    /** Reads the board.conf {@code file} of board {@code id}; every error is in the exception, with its line. */
    public static Board read(Path file, String id) throws IOException {
        Settings settings = BoardFiles.read(file, SCHEMA, REQUIRED, Board::check);
        SortedMap<String, Integer> leds = new TreeMap<>();
        settings.all(LED).forEach(led -> led.value().ifPresent(gpio -> leds.put(led.placeholder(), gpio)));
        Optional<String> watchdog = settings.get(WATCHDOG_DRIVER).flatMap(Setting::value);
        boolean arm = settings.get(WATCHDOG_ARM).map(Setting::value).orElse(false);
        BoardProfile profile = new BoardProfile(id, settings.required(NAME), settings.required(MODELS),
                settings.get(WAN).flatMap(Setting::value), settings.get(LAN).flatMap(Setting::value), leds,
                arm ? watchdog : Optional.empty());
        Optional<String> unsupported = settings.required(SUPPORTED) ? Optional.empty()
                : Optional.of(settings.required(REASON));
        return new Board(profile, unsupported, settings.required(DTBS), settings.required(MODULES),
                settings.required(CONSOLE), settings.get(IMAGER_DEVICES).map(Setting::value).orElse(List.of()),
                watchdog, jvm(settings));
    }

    private static JvmOptions jvm(Settings settings) {
        JvmOptions defaults = JvmOptions.DEFAULT;
        return new JvmOptions(settings.get(HEAP_PERCENT).map(Setting::value).orElse(defaults.heapPercent()),
                settings.get(HEAP_MIN).map(Setting::value).orElse(defaults.heapMinMib()),
                settings.get(HEAP_MAX).map(Setting::value).orElse(defaults.heapMaxMib()),
                settings.get(JVM_OPTIONS).map(Setting::value).orElse(defaults.options()));
    }

    /**
     * A reason exactly when the board is not supported; a watchdog driver among the modules (so the build puts
     * it in the image and modprobe gives it nowayout), and one named when it is to be armed.
     */
    private static void check(Settings settings) {
        checkJvm(settings);
        Optional<Setting<Optional<String>>> driver = settings.get(WATCHDOG_DRIVER);
        Optional<String> named = driver.flatMap(Setting::value);
        Optional<Setting<List<String>>> modules = settings.get(MODULES);
        if (named.isPresent() && modules.isPresent() && !modules.get().value().contains(named.get())) {
            settings.error(driver.get(), "a driver that modules lists", named.get() + " is not in modules (line "
                    + modules.get().line() + ")");
        }
        Optional<Setting<Boolean>> arm = settings.get(WATCHDOG_ARM);
        if (arm.isPresent() && arm.get().value() && named.isEmpty() && !settings.failed(WATCHDOG_DRIVER)) {
            settings.error(arm.get(), "watchdog.driver naming the module, with watchdog.arm = true",
                    "no watchdog.driver");
        }
        Optional<Setting<Boolean>> supported = settings.get(SUPPORTED);
        Optional<Setting<String>> reason = settings.get(REASON);
        if (supported.isPresent() && !supported.get().value() && reason.isEmpty() && !settings.failed(REASON)) {
            settings.error(supported.get(), "a reason line saying why, with supported = false", "no reason");
        }
        if (supported.isPresent() && supported.get().value() && reason.isPresent()) {
            settings.error(reason.get(), "a reason only with supported = false", "supported = true on line "
                    + supported.get().line());
        }
    }

    /** A heap floor no higher than its cap, and no option that overrides what the launcher decides itself. */
    private static void checkJvm(Settings settings) {
        Optional<Setting<Integer>> min = settings.get(HEAP_MIN);
        Optional<Setting<Integer>> max = settings.get(HEAP_MAX);
        int floor = min.map(Setting::value).orElse(JvmOptions.DEFAULT.heapMinMib());
        int cap = max.map(Setting::value).orElse(JvmOptions.DEFAULT.heapMaxMib());
        if (cap < floor && !settings.failed(HEAP_MIN) && !settings.failed(HEAP_MAX)) {
            Setting<Integer> blamed = max.orElseGet(min::orElseThrow);
            settings.error(blamed, "jvm.heap.min (" + floor + ") no higher than jvm.heap.max (" + cap + ")",
                    blamed.text());
        }
        settings.get(JVM_OPTIONS).ifPresent(options -> options.value().stream()
                .filter(option -> LAUNCHERS_OWN.matcher(option).matches()).findFirst()
                .ifPresent(option -> settings.error(options, "options other than -Xmx (jvm.heap.* sets it), the"
                        + " garbage collector and ExitOnOutOfMemoryError, which the launcher sets for every board",
                        option)));
    }

    public String id() {
        return profile.id();
    }

    public String name() {
        return profile.name();
    }

    public boolean supported() {
        return unsupported.isEmpty();
    }
}
