/**
 * The system slots on the device: which one this boot runs (the first stage says so in /etc/lowernet/slot), the
 * state on the boot partition ({@code slots.txt}), and the commit of a system on trial once it has run healthy.
 */
package org.lowernet.runtime.slot;
