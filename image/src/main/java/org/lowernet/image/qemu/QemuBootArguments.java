package org.lowernet.image.qemu;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.lowernet.runtime.cli.UsageException;

/**
 * The command line of {@code lowernet boot}, parsed: every problem is reported at once. The kernel,
 * initramfs, DTB and command line come from the image unless given explicitly.
 */
public record QemuBootArguments(
        Path image, QemuMachine machine, Duration timeout, Path kernel, Path initrd, Path dtb, String marker,
        String qemu) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    /** Every option; each takes a value. */
    static final List<String> OPTIONS = List.of("--machine", "--timeout", "--kernel", "--initrd", "--dtb", "--marker",
            "--qemu");

    /** Parses {@code args}; the exception names every problem. The options are in {@code help/boot.txt}. */
    public static QemuBootArguments parse(List<String> args) throws UsageException {
        List<String> problems = new ArrayList<>();
        Path image = null;
        QemuMachine machine = null;
        Duration timeout = DEFAULT_TIMEOUT;
        Path kernel = null;
        Path initrd = null;
        Path dtb = null;
        String marker = QemuBoot.READY_MARKER;
        String qemu = BootSpec.DEFAULT_QEMU;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                if (image != null) {
                    problems.add("more than one IMAGE: " + image + " and " + arg);
                }
                image = Path.of(arg);
                continue;
            }
            if (i + 1 == args.size()) {
                problems.add(arg + " needs a value");
                break;
            }
            String value = args.get(++i);
            switch (arg) {
                case "--machine" -> {
                    try {
                        machine = QemuMachine.byName(value);
                    } catch (IllegalArgumentException e) {
                        problems.add(e.getMessage());
                    }
                }
                case "--timeout" -> timeout = seconds(value, problems);
                case "--kernel" -> kernel = Path.of(value);
                case "--initrd" -> initrd = Path.of(value);
                case "--dtb" -> dtb = Path.of(value);
                case "--marker" -> marker = value;
                case "--qemu" -> qemu = value;
                default -> problems.add("unknown option " + arg + "; the options are " + String.join(", ", OPTIONS));
            }
        }
        if (image == null) {
            problems.add("no IMAGE given");
        }
        if (machine == null && problems.stream().noneMatch(p -> p.startsWith("unknown machine"))) {
            problems.add("no --machine given");
        }
        if ((kernel == null) != (initrd == null)) {
            problems.add("--kernel and --initrd go together: give both or neither (then IMAGE's own are used)");
        }
        if (!problems.isEmpty()) {
            throw new UsageException(problems);
        }
        return new QemuBootArguments(image, machine, timeout, kernel, initrd, dtb, marker, qemu);
    }

    private static Duration seconds(String value, List<String> problems) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        problems.add("--timeout must be a whole number of seconds above 0, not '" + value + "'");
        return DEFAULT_TIMEOUT;
    }

    /**
     * The boot these arguments ask for; files are checked here (all problems at once). Boot files not
     * given are copied out of the image into {@code work}.
     */
    public BootSpec toSpec(Path work) throws java.io.IOException {
        BootSpec.Builder builder = BootSpec.builder(machine).qemu(qemu).image(image);
        if (kernel != null) {
            builder.kernel(kernel).initrd(initrd);
            if (dtb != null) {
                builder.dtb(dtb);
            }
        } else {
            ImageBootFiles files = ImageBootFiles.extract(image, machine, work);
            builder.kernel(files.kernel()).initrd(files.initrd()).kernelArguments(files.kernelArguments());
            files.dtb().ifPresent(builder::dtb);
        }
        return builder.build();
    }
}
