package org.lowernet.image.qemu;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code scripts/qemu-boot}: boots an image under QEMU, streams its console to stdout, and exits 0 once
 * the ready marker appears. Exit codes: 0 ready, 1 the boot failed (timeout, QEMU exited, QEMU missing),
 * 2 bad arguments or missing files.
 */
public final class QemuBootCommand {

    static final int READY = 0;
    static final int BOOT_FAILED = 1;
    static final int BAD_ARGUMENTS = 2;

    private QemuBootCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the command; returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        BootSpec spec;
        QemuBootArguments arguments;
        try {
            arguments = QemuBootArguments.parse(args);
            spec = arguments.toSpec();
        } catch (IllegalArgumentException e) {
            err.println("qemu-boot: " + e.getMessage());
            return BAD_ARGUMENTS;
        }
        long started = System.nanoTime();
        try (QemuBoot guest = QemuBoot.start(spec, out::println)) {
            err.println("qemu-boot: " + String.join(" ", guest.command()));
            guest.awaitLine(arguments.marker(), arguments.timeout());
            err.printf("qemu-boot: ready after %.1f s on %s%n",
                    (System.nanoTime() - started) / 1e9, spec.machine().qemuName());
            return READY;
        } catch (QemuBootException e) {
            err.println("qemu-boot: " + e.getMessage());
            return BOOT_FAILED;
        }
    }
}
