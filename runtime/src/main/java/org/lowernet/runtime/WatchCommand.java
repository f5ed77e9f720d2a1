package org.lowernet.runtime;

import java.io.Console;
import java.io.PrintStream;
import java.util.List;
import org.lowernet.runtime.watch.Watch;

/** {@code lowernet watch}: a live table of a site's nodes (see {@link Watch}); works on any machine with Java. */
final class WatchCommand implements Command {

    @Override
    public String synopsis() {
        return "watch --broker URL   show a site's nodes live from their MQTT reports (watch --help: options)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        // Since JDK 22 System.console() is not null when redirected; isTerminal() tells.
        Console console = System.console();
        boolean terminal = out == System.out && console != null && console.isTerminal();
        return Watch.run(args, out, err, terminal);
    }
}
