package org.lowernet.runtime;

import java.io.PrintStream;
import java.util.List;

/**
 * One subcommand of {@code lowernet}; its help text is {@code help/<name>.txt}. {@link Main} runs it
 * through a {@link org.lowernet.runtime.cli.FrontDoor}, which prints its failures and usage errors.
 */
interface Command {

    /** One line for the list of commands: the arguments and what the command does. */
    String synopsis();

    /** Returns the exit code; throws {@link org.lowernet.runtime.cli.UsageException} for a wrong command line. */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
