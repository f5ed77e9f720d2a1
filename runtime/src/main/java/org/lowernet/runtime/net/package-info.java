/**
 * Network interfaces of the device over rtnetlink: links, addresses and routes as records
 * ({@link org.lowernet.runtime.net.Links}, {@link org.lowernet.runtime.net.Addresses},
 * {@link org.lowernet.runtime.net.Routes}, gathered by {@link org.lowernet.runtime.net.Rtnetlink}),
 * {@code /proc/sys} settings ({@link org.lowernet.runtime.net.Sysctl}), and the state the runtime keeps:
 * {@link org.lowernet.runtime.net.NetworkState} holds the one event subscription and the latest
 * {@link org.lowernet.runtime.net.NetSnapshot}; the {@link org.lowernet.runtime.net.Reconciler} asks the pure
 * {@link org.lowernet.runtime.net.Planner} for the {@link org.lowernet.runtime.net.Change}s that bring the
 * kernel to a {@link org.lowernet.runtime.net.DesiredState} and has the applier make them.
 *
 * <p>Limits: routes are read and written in the main table only, and lowernet changes only routes of its own
 * protocol (76); addresses are plain local addresses (no peer, no lifetimes); no interface is created or
 * deleted here.
 */
package org.lowernet.runtime.net;
