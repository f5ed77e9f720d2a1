/**
 * IP values both sides share: {@link org.lowernet.runtime.ip.Cidr}, IPv4 and IPv6, with no native code
 * and no name lookups (literals only).
 */
package org.lowernet.runtime.ip;
