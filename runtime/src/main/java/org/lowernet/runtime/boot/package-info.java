/**
 * What a node remembers of its boots, on /data: a counter, why this boot happened ({@link
 * org.lowernet.runtime.boot.BootReason}: a power cut, a clean reboot, the watchdog, a crash loop) and the
 * console log of the last few boots, so a person who finds a node rebooted can read why. The record is
 * written atomically; the console log is appended as the runtime logs.
 */
package org.lowernet.runtime.boot;
