/**
 * The clock of a board without a real-time clock (every Pi): after a power cut Linux starts in 1970, and TLS
 * to a broker refuses every certificate. At start, before anything that speaks TLS, {@link
 * org.lowernet.runtime.clock.ClockKeeper} moves the kernel's clock forward to the later of the time it saved
 * on /data ({@code data/lowernet/clock}, every 15 minutes and at stop) and the image's build time ({@code
 * etc/lowernet/build-time}, written by the image builder from its build epoch); never backwards. Then {@link
 * org.lowernet.runtime.clock.TimeSync} asks NTP servers (from {@code time.servers} or the WAN's DHCP lease)
 * with a small SNTP client ({@link org.lowernet.runtime.clock.Sntp}, RFC 4330) and steps the clock when it is
 * off by more than {@link org.lowernet.runtime.clock.TimeSync#STEP}; statistics report {@code clock.synced}.
 * The kernel's clock is set through {@link org.lowernet.runtime.clock.KernelClock} ({@code clock_settime}); a
 * daemon whose root is a test's folder never touches the machine's clock.
 */
package org.lowernet.runtime.clock;
