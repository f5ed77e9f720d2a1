package org.lowernet.runtime;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@code lowernet}; returns the process exit code. */
interface Command {

    /** Exit code for a valid command line whose work failed. */
    int FAILED = 1;
    /** Exit code for a wrong command line (the convention of bash builtins and most tools). */
    int USAGE = 2;

    /** One line for the usage text: the arguments and what the command does. */
    String synopsis();

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
