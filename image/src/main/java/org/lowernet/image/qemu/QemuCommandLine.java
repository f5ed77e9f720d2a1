package org.lowernet.image.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns a {@link BootSpec} into QEMU's argument vector, and finds the QEMU binary. */
public final class QemuCommandLine {

    private QemuCommandLine() {
    }

    /** The full command: {@code qemu} followed by the arguments for {@code spec}. */
    public static List<String> of(Path qemu, BootSpec spec) {
        QemuMachine machine = spec.machine();
        List<String> command = new ArrayList<>();
        command.add(qemu.toString());
        command.addAll(List.of("-M", machine.qemuName()));
        command.addAll(machine.machineArguments());
        spec.dtb().ifPresent(dtb -> command.addAll(List.of("-dtb", dtb.toString())));
        // -nographic alone would multiplex the monitor onto stdio, where a Ctrl-A in test input
        // would reach the monitor; the console alone goes to stdio.
        command.addAll(List.of("-nographic", "-monitor", "none"));
        command.addAll(machine.serialArguments());
        command.addAll(List.of("-kernel", spec.kernel().toString(), "-initrd", spec.initrd().toString()));
        String append = machine.consoleArgument()
                + (spec.kernelArguments().isEmpty() ? "" : " " + spec.kernelArguments());
        command.addAll(List.of("-append", append));
        spec.image().ifPresent(image -> command.addAll(List.of("-drive",
                "file=" + escapeOption(image.toString()) + ","
                + (spec.writableImage() ? machine.writableDriveOptions() : machine.driveOptions()))));
        command.addAll(spec.qemuArguments());
        return command;
    }

    /** QEMU's option syntax separates with commas; a literal comma in a value is doubled. */
    static String escapeOption(String value) {
        return value.replace(",", ",,");
    }

    /**
     * Finds the QEMU binary: a name is looked up on {@code path} (PATH's value), anything with a
     * slash is taken as a path.
     */
    public static Path locate(String nameOrPath, String path) {
        if (nameOrPath.contains("/")) {
            Path binary = Path.of(nameOrPath);
            if (Files.isRegularFile(binary) && Files.isExecutable(binary)) {
                return binary;
            }
            throw new QemuBootException("starting QEMU: " + binary + " is not an executable file;"
                    + " install QEMU with `apt-get install qemu-system-arm` or point at its binary", List.of());
        }
        for (String directory : (path == null ? "" : path).split(":")) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, nameOrPath);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new QemuBootException("starting QEMU: " + nameOrPath + " not found on PATH (" + path
                + "); install it with `apt-get install qemu-system-arm`", List.of());
    }

    /** Whether QEMU can be found on this host's PATH, for tests deciding to skip. */
    public static boolean available() {
        try {
            locate(BootSpec.DEFAULT_QEMU, System.getenv("PATH"));
            return true;
        } catch (QemuBootException e) {
            return false;
        }
    }
}
