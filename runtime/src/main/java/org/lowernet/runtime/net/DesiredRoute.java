package org.lowernet.runtime.net;

import java.net.InetAddress;
import java.util.Optional;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;

/** A route that should be in the main table: to {@code destination} via {@code gateway} and/or {@code device}. */
public record DesiredRoute(Cidr destination, Optional<InetAddress> gateway, Optional<String> device) {

    public DesiredRoute {
        if (gateway.isEmpty() && device.isEmpty()) {
            throw new IllegalArgumentException("route to " + destination + " needs a gateway or a device");
        }
    }

    /** The default route via {@code gateway}. */
    public static DesiredRoute defaultVia(InetAddress gateway) {
        int family = gateway.getAddress().length == 4 ? LinuxRtnetlink.AF_INET : LinuxRtnetlink.AF_INET6;
        return new DesiredRoute(Cidr.defaultRoute(family), Optional.of(gateway), Optional.empty());
    }

    @Override
    public String toString() {
        return destination + gateway.map(g -> " via " + Cidr.text(g)).orElse("")
                + device.map(d -> " dev " + d).orElse("");
    }
}
