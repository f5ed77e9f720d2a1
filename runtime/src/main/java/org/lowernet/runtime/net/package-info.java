/**
 * Network interfaces of the device over rtnetlink: links, addresses and routes as records
 * ({@link org.lowernet.runtime.net.Links}, {@link org.lowernet.runtime.net.Addresses},
 * {@link org.lowernet.runtime.net.Routes}, gathered by {@link org.lowernet.runtime.net.Rtnetlink}),
 * their change events ({@link org.lowernet.runtime.net.EventSubscription}), {@code /proc/sys} settings
 * ({@link org.lowernet.runtime.net.Sysctl}) and the {@link org.lowernet.runtime.net.Reconciler} that
 * keeps the kernel at a desired state.
 *
 * <p>Limits: routes are read and written in the main table only; addresses are plain local
 * addresses (no peer, no lifetimes); no interface is created or deleted here.
 */
package org.lowernet.runtime.net;
