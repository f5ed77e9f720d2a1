package org.lowernet.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.boot.BootHistory;
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.cli.UsageException;

/**
 * {@code lowernet boots [N]} on the node (at its console or over SSH): the last boots with why each happened,
 * or the console log of boot N, so a person who finds a node rebooted can see why.
 */
final class BootsCommand implements Command {

    @Override
    public String synopsis() {
        return "boots [N]            on the node: its last boots and why each happened, or boot N's console log";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException, IOException {
        Path root = Path.of(System.getProperty("lowernet.root", "/"));
        if (args.isEmpty()) {
            List<String> boots = BootHistory.summaries(root);
            if (boots.isEmpty()) {
                err.println("no boot logs in " + root.resolve(BootHistory.FOLDER)
                        + " (is this a lowernet node with its data partition?)");
                return ExitCode.FAILED;
            }
            boots.forEach(out::println);
            return ExitCode.OK;
        }
        if (args.size() != 1 || !args.getFirst().matches("\\d{1,18}")) {
            throw new UsageException("expected a boot number N, found " + String.join(" ", args));
        }
        Optional<Path> log = BootHistory.log(root, Long.parseLong(args.getFirst()));
        if (log.isEmpty()) {
            err.println("boot " + args.getFirst() + "'s log is not kept; these are: ");
            BootHistory.summaries(root).forEach(err::println);
            return ExitCode.FAILED;
        }
        out.write(Files.readAllBytes(log.get()));
        out.flush();
        return ExitCode.OK;
    }
}
