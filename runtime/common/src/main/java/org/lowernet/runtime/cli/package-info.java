/** What every front door shares: one way to print an error, the exit codes 0/1/2. */
package org.lowernet.runtime.cli;
