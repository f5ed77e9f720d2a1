package org.lowernet.runtime.watchdog;

/**
 * What the watchdog driver says about the previous reset ({@code WDIOC_GETBOOTSTATUS}, linux/watchdog.h).
 * i6300esb reports a reset by its timer (QEMU keeps the flag across the reset it causes); Linux's bcm2835_wdt
 * reports nothing, so on a Pi {@link #watchdog()} is false even after a watchdog reset.
 *
 * @param driver the kernel module that answered
 * @param flags  the {@code WDIOF_*} bits
 */
public record BootStatus(String driver, int flags) {

    /** {@code WDIOF_CARDRESET}: the card reset the machine last time. */
    static final int CARD_RESET = 0x0020;

    /** Whether the previous reset was the watchdog's. */
    public boolean watchdog() {
        return (flags & CARD_RESET) != 0;
    }
}
