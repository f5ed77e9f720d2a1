/**
 * What happened on the router, as values: a link went down, the uplink came back, a service was restarted,
 * lowernet.conf was invalid. Parts of the runtime emit events; the health reporter sends them to the
 * neighbourhood. Events before anyone listens are kept (a bounded number), so boot-time events are not lost.
 */
package org.lowernet.runtime.events;
