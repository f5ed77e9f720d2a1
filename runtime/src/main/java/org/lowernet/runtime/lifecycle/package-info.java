/**
 * The device daemon's wiring: load the config (or fall back, loudly), pick the board, open the one
 * {@link org.lowernet.runtime.net.NetworkState}, turn config and board into the desired state, start the
 * subsystems in order (/data first, {@link org.lowernet.runtime.data.DataPartition}), stop them in reverse on
 * SIGTERM. Data flows one way: config → desired state → plan →
 * apply; network state → listeners (reconciler, uplink, link events, reports).
 */
package org.lowernet.runtime.lifecycle;
