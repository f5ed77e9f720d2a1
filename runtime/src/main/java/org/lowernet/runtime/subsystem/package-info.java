/**
 * The contract every part of the running router keeps ({@link org.lowernet.runtime.subsystem.Subsystem}) and
 * the {@link org.lowernet.runtime.subsystem.Lifecycle} that starts them in order and stops them in reverse.
 * A leaf: the parts implement it, the daemon's wiring uses it, it knows neither.
 */
package org.lowernet.runtime.subsystem;
