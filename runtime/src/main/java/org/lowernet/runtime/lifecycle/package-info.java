/**
 * The device daemon's life: load the config (or fall back, loudly), pick the board, turn both into the
 * desired state, start the subsystems in order, stop them in reverse on SIGTERM. Data flows one way:
 * config → desired state → reconcile.
 */
package org.lowernet.runtime.lifecycle;
