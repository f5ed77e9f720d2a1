package org.lowernet.runtime.net;

import org.lowernet.runtime.ip.Cidr;

/**
 * An address configured on an interface (RTM_NEWADDR).
 *
 * @param scope {@code RT_SCOPE_*} (linux/rtnetlink.h): 0 universe, 253 link, 254 host
 * @param flags {@code IFA_F_*} (linux/if_addr.h)
 */
public record Address(int interfaceIndex, Cidr cidr, int scope, int flags) {
}
