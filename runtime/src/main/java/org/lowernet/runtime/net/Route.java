package org.lowernet.runtime.net;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;

/**
 * A route of the main table (RTM_NEWROUTE).
 *
 * @param destination    destination prefix; {@code 0.0.0.0/0} or {@code ::/0} is the default route
 * @param gateway        next hop, empty for a directly connected prefix
 * @param interfaceIndex output interface (RTA_OIF)
 * @param protocol       {@code RTPROT_*}: who installed it (kernel, boot, static ...)
 * @param scope          {@code RT_SCOPE_*}
 * @param type           {@code RTN_*}; lowernet adds only unicast routes
 * @param metric         RTA_PRIORITY
 */
public record Route(Cidr destination, Optional<InetAddress> gateway, OptionalInt interfaceIndex, int protocol,
                    int scope, int type, OptionalInt metric) {

    /** A unicast route lowernet installs (its own protocol): via a gateway, or on-link when there is none. */
    public static Route of(Cidr destination, Optional<InetAddress> gateway, OptionalInt interfaceIndex) {
        gateway.filter(g -> g.getAddress().length != destination.address().getAddress().length).ifPresent(g -> {
            throw new IllegalArgumentException("route to " + destination + ": gateway " + g.getHostAddress()
                    + " is of another address family");
        });
        return new Route(destination, gateway, interfaceIndex, LinuxRtnetlink.RTPROT_LOWERNET,
                gateway.isPresent() ? LinuxRtnetlink.RT_SCOPE_UNIVERSE : LinuxRtnetlink.RT_SCOPE_LINK,
                LinuxRtnetlink.RTN_UNICAST, OptionalInt.empty());
    }

    /** Installed by lowernet: the only routes lowernet may change or remove. */
    public boolean isLowernets() {
        return protocol == LinuxRtnetlink.RTPROT_LOWERNET;
    }
}
