/** How long to wait before trying again: one doubling back-off for restarts, reconnects and retries. */
package org.lowernet.runtime.retry;
