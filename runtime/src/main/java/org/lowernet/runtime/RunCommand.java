package org.lowernet.runtime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;

/** {@code lowernet run}: the device daemon. Reports what it found, says it is ready, runs until SIGTERM. */
final class RunCommand implements Command {

    @Override
    public String synopsis() {
        return "run                  start the router (what the device runs at boot; the default)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        if (!args.isEmpty()) {
            err.println("lowernet run: takes no arguments, found " + String.join(" ", args));
            return USAGE;
        }
        Path root = Path.of(System.getProperty("lowernet.root", "/"));
        DeviceFacts facts = DeviceFacts.read(root);
        Logger.info("lowernet runtime {}", Main.version());
        Logger.info("board: {}", facts.board().orElse("unknown (no /proc/device-tree/model)"));
        Logger.info("kernel: {}", facts.kernelRelease());
        Logger.info(facts.config()
                .map(p -> "lowernet.conf: found at " + p)
                .orElse("lowernet.conf: not found on the boot partition, using defaults"));

        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logger.info("lowernet stopping");
            stop.countDown();
        }, "shutdown"));
        Logger.info(Main.READY);
        stop.await();
        return 0;
    }
}
