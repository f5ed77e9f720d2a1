/**
 * What every front door shares: the exit codes 0/1/2 ({@link org.lowernet.runtime.cli.ExitCode}), the help
 * texts (one file per command, {@code help/<command>.txt}, which {@code scripts/lowernet} prints without
 * building anything) and one way to print an error ({@link org.lowernet.runtime.cli.FrontDoor}).
 */
package org.lowernet.runtime.cli;
