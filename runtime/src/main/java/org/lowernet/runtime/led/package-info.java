/**
 * The status LEDs: a router without a screen shows its state on three LEDs (status, uplink, mesh).
 *
 * <p>{@link org.lowernet.runtime.led.LedStates} is the API: the runtime sets conditions
 * ({@link org.lowernet.runtime.led.LedCondition}: booting, config-error, no-uplink, online, degraded,
 * shutdown) and asks for identify with a duration; the highest-priority condition with a pattern for an LED
 * wins it ({@link org.lowernet.runtime.led.LedCondition#resolve}). Patterns are data
 * ({@link org.lowernet.runtime.led.Pattern}); one scheduler thread plays them on
 * {@link org.lowernet.runtime.led.LedOutput}s, with a clock tests inject.
 *
 * <p>Lines: {@link org.lowernet.runtime.led.Pi4jOutputs} (Pi4J's gpiod provider, chosen by id),
 * {@link org.lowernet.runtime.led.ActLed} (the on-board ACT LED through sysfs), {@link
 * org.lowernet.runtime.led.GpioReadBack} (what the kernel holds, from debugfs). The LEDs only listen: whether
 * the router is online is decided in {@code runtime.uplink} and shown with {@code LedStates.uplink}.
 *
 * <p>Quiet hours ({@code leds.quiet}) keep only errors a person must act on (config-error and degraded on
 * status, no-uplink on uplink), identify and shutdown; everything else dims to a 40 ms flash on status every
 * 5 s. Limits: no brightness (the LEDs are on/off GPIO lines); timing is as good as the scheduler thread,
 * a few milliseconds, which the eye cannot tell.
 */
package org.lowernet.runtime.led;
