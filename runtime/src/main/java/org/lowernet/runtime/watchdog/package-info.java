/**
 * The hardware watchdog: the board's watchdog (board.conf {@code watchdog.driver}, found in sysfs by its kernel
 * module) is armed at 15 s and fed only while the runtime's own health check passes ({@link
 * org.lowernet.runtime.watchdog.HealthCheck}: the daemon's network-state thread answers a heartbeat in time, the
 * start ends, no subsystem reports a failure). A frozen JVM stops feeding by itself; a failed check is logged,
 * written to {@code data/lowernet/watchdog-reason} for the next boot, and feeding stops, so the board resets.
 * Whether the previous reset was the watchdog's is the driver's boot status ({@link
 * org.lowernet.runtime.watchdog.BootStatus}). The ioctls are in {@link org.lowernet.runtime.watchdog.WatchdogDevice};
 * paths are below the daemon's root, so tests fake /proc, /sys and /dev.
 */
package org.lowernet.runtime.watchdog;
