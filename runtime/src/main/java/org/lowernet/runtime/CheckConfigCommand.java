package org.lowernet.runtime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.cli.UsageException;
import org.lowernet.runtime.config.ConfigError;
import org.lowernet.runtime.config.ConfigParser;
import org.lowernet.runtime.config.ConfigResult;

/**
 * {@code lowernet check-config FILE}: validates a lowernet.conf on any machine. Valid: one OK line on
 * stdout, exit 0. Invalid: every error on stderr, one per line, exit 1.
 */
final class CheckConfigCommand implements Command {

    @Override
    public String synopsis() {
        return "check-config FILE    check a lowernet.conf and print every error in it";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        if (args.size() != 1) {
            throw new UsageException("expected one FILE, found " + (args.isEmpty() ? "none" : String.join(" ", args)));
        }
        if (args.getFirst().startsWith("-")) {
            throw new UsageException("unknown option '" + args.getFirst() + "'; expected a FILE");
        }
        ConfigResult result = ConfigParser.read(Path.of(args.getFirst()));
        if (result.valid()) {
            out.println(args.getFirst() + ": OK: " + result.config().orElseThrow().summary());
            return ExitCode.OK;
        }
        result.errors().stream().map(ConfigError::message).forEach(err::println);
        return ExitCode.FAILED;
    }
}
