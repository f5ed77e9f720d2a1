package org.lowernet.image.qemu;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path work = null;
        try {
            work = Files.createTempDirectory("qemu-boot");
            return boot(args, work, out, err);
        } catch (IOException e) {
            err.println("qemu-boot: " + e.getMessage());
            return BAD_ARGUMENTS;
        } finally {
            deleteQuietly(work);
        }
    }

    private static int boot(List<String> args, Path work, PrintStream out, PrintStream err) throws IOException {
        BootSpec spec;
        QemuBootArguments arguments;
        try {
            arguments = QemuBootArguments.parse(args);
            spec = arguments.toSpec(work);
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

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (var files = Files.walk(folder)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("qemu-boot: could not remove " + folder + ": " + e.getMessage());
        }
    }
}
