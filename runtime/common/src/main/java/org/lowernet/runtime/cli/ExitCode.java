package org.lowernet.runtime.cli;

/** The exit codes of every lowernet command, for shells, CI and the device's init. */
public final class ExitCode {

    /** The work was done. */
    public static final int OK = 0;
    /** The command line was right; the work failed or was refused. */
    public static final int FAILED = 1;
    /** A wrong command line (the convention of bash builtins and most tools). */
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
