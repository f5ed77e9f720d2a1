package org.lowernet.runtime.boot;

/**
 * This boot as the node tells it.
 *
 * @param count     how many boots the data partition has seen, this one included (1 on a fresh card)
 * @param reason    why the node booted
 * @param detail    the reason in a person's words, e.g. what the watchdog's health check found
 * @param restarted true when the runtime was restarted within this boot (by init), not the board
 */
public record Boot(long count, BootReason reason, String detail, boolean restarted) {
}
