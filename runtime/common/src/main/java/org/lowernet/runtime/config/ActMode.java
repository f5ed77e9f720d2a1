package org.lowernet.runtime.config;

/**
 * What the Pi's on-board ACT LED does: mirror the status LED, stay off, or keep the kernel's own
 * trigger (SD card activity).
 */
public enum ActMode {
    MIRROR, OFF, KERNEL
}
