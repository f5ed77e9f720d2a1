/** Running another program: bounded in time, its output read beside the wait, its exit code and output returned. */
package org.lowernet.runtime.program;
