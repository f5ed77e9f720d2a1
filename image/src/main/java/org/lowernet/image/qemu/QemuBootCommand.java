package org.lowernet.image.qemu;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.cli.FrontDoor;
import org.lowernet.runtime.cli.UsageException;

/**
 * {@code lowernet boot} (scripts/qemu-boot): boots an image under QEMU, streams its console to stdout, and
 * exits 0 once the ready marker appears. Exit codes: 0 ready, 1 the boot failed (timeout, QEMU exited,
 * QEMU missing; the last console lines follow the error), 2 bad arguments or missing files.
 */
public final class QemuBootCommand {

    private QemuBootCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the command; returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return FrontDoor.of("boot", out, err).run(args, () -> {
            QemuBootArguments arguments = QemuBootArguments.parse(args);
            Path work = Files.createTempDirectory("qemu-boot");
            try {
                return boot(arguments, work, out, err);
            } finally {
                delete(work, err);
            }
        });
    }

    private static int boot(QemuBootArguments arguments, Path work, PrintStream out, PrintStream err)
            throws IOException, UsageException {
        BootSpec spec;
        try {
            spec = arguments.toSpec(work);
        } catch (IllegalArgumentException e) {
            // Missing or contradicting files: the command line names them.
            throw new UsageException(e.getMessage().lines().toList());
        }
        long started = System.nanoTime();
        try (QemuBoot guest = QemuBoot.start(spec, out::println)) {
            err.println("lowernet boot: " + String.join(" ", guest.command()));
            guest.awaitLine(arguments.marker(), arguments.timeout());
            err.printf("lowernet boot: ready after %.1f s on %s%n",
                    (System.nanoTime() - started) / 1e9, spec.machine().qemuName());
            return ExitCode.OK;
        }
    }

    private static void delete(Path folder, PrintStream err) {
        try (var files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            err.println("lowernet boot: could not remove " + folder + ": " + e.getMessage());
        }
    }
}
