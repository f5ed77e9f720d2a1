package org.lowernet.runtime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.boot.ConsoleCapture;
import org.lowernet.runtime.cli.UsageException;
import org.lowernet.runtime.lifecycle.Daemon;
import org.tinylog.Logger;

/** {@code lowernet run}: the device daemon (see {@link Daemon}). */
final class RunCommand implements Command {

    @Override
    public String synopsis() {
        return "run                  start the router (what the device runs at boot; the default)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (!args.isEmpty()) {
            throw new UsageException("takes no arguments, found " + String.join(" ", args));
        }
        Path root = Path.of(System.getProperty("lowernet.root", "/"));
        try {
            return new Daemon(root, Main.version(), Main.READY, Optional.of(ConsoleCapture.install())).run();
        } catch (Exception e) {
            // On the device the console log is all a person has afterwards: keep the whole trace there too.
            Logger.error(e, "the router daemon failed");
            throw e;
        }
    }
}
