package org.lowernet.runtime.net;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.netlink.Attribute;
import org.lowernet.runtime.net.netlink.Attributes;
import org.lowernet.runtime.net.netlink.LinuxNetlink;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;
import org.lowernet.runtime.net.netlink.MessageWriter;
import org.lowernet.runtime.net.netlink.NetlinkDecodeException;
import org.lowernet.runtime.net.netlink.NetlinkMessage;
import org.lowernet.runtime.net.netlink.NetlinkSocket;
import org.lowernet.runtime.net.netlink.RtMsg;

/** IPv4 and IPv6 routes of the main table: list, add, delete (RTM_GETROUTE, RTM_NEWROUTE, RTM_DELROUTE). */
public final class Routes {

    private final NetlinkSocket socket;

    public Routes(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** The IPv4 and IPv6 routes of the main table. */
    public List<Route> list() {
        MessageWriter request = new RtMsg(LinuxRtnetlink.AF_UNSPEC, 0, 0, 0, 0, 0, 0, 0, 0)
                .write(new MessageWriter(LinuxRtnetlink.RTM_GETROUTE, 0));
        return socket.dump("listing routes", request).stream()
                .filter(m -> m.type() == LinuxRtnetlink.RTM_NEWROUTE && isMainIp(m))
                .map(Routes::decode).toList();
    }

    /** Adds {@code route}; EEXIST if the main table has a route to the same destination and metric. */
    public void add(Route route) {
        socket.request("adding route " + describe(route), request(LinuxRtnetlink.RTM_NEWROUTE,
                LinuxNetlink.NLM_F_CREATE | LinuxNetlink.NLM_F_EXCL, route));
    }

    /** Deletes {@code route}; ESRCH if there is no such route. */
    public void delete(Route route) {
        socket.request("deleting route " + describe(route), request(LinuxRtnetlink.RTM_DELROUTE, 0, route));
    }

    /** The request {@code ip route add} sends, with lowernet's protocol; RTA_DST is left out for a default route. */
    static MessageWriter request(int type, int flags, Route route) {
        Cidr destination = route.destination();
        MessageWriter writer = new RtMsg(destination.family(), destination.prefixLength(), 0, 0,
                LinuxRtnetlink.RT_TABLE_MAIN, route.protocol(), route.scope(), route.type(), 0)
                .write(new MessageWriter(type, flags));
        if (!destination.isDefault()) {
            writer.attribute(LinuxRtnetlink.RTA_DST, destination.address().getAddress());
        }
        route.gateway().ifPresent(g -> writer.attribute(LinuxRtnetlink.RTA_GATEWAY, g.getAddress()));
        route.interfaceIndex().ifPresent(i -> writer.attributeU32(LinuxRtnetlink.RTA_OIF, i));
        route.metric().ifPresent(m -> writer.attributeU32(LinuxRtnetlink.RTA_PRIORITY, m));
        return writer;
    }

    /** True for an IPv4/IPv6 message about the main table (RTA_TABLE overrides the 8-bit rtm_table). */
    static boolean isMainIp(NetlinkMessage message) {
        RtMsg header = RtMsg.read(message);
        if (!InetBytes.isIp(header.family())) {
            return false;
        }
        int table = message.attributes(LinuxRtnetlink.RTMSG_SIZE, "rtmsg").get(LinuxRtnetlink.RTA_TABLE)
                .map(Attribute::u32).orElse(header.table());
        return table == LinuxRtnetlink.RT_TABLE_MAIN;
    }

    /** Decodes RTM_NEWROUTE / RTM_DELROUTE of family AF_INET or AF_INET6. */
    static Route decode(NetlinkMessage message) {
        RtMsg header = RtMsg.read(message);
        Attributes attributes = message.attributes(LinuxRtnetlink.RTMSG_SIZE, "rtmsg");
        int family = header.family();
        if (!InetBytes.isIp(family)) {
            throw new NetlinkDecodeException("route message of address family " + family + ", expected IPv4 or IPv6");
        }
        InetAddress any = Cidr.defaultRoute(family).address();
        InetAddress destination = attributes.get(LinuxRtnetlink.RTA_DST).map(a -> InetBytes.of(a, family)).orElse(any);
        Optional<InetAddress> gateway = attributes.get(LinuxRtnetlink.RTA_GATEWAY).map(a -> InetBytes.of(a, family));
        Cidr cidr;
        try {
            cidr = new Cidr(destination, header.dstLength());
        } catch (IllegalArgumentException e) {
            throw new NetlinkDecodeException("route message: " + e.getMessage());
        }
        return new Route(cidr, gateway, optionalU32(attributes, LinuxRtnetlink.RTA_OIF), header.protocol(),
                header.scope(), header.type(), optionalU32(attributes, LinuxRtnetlink.RTA_PRIORITY));
    }

    private static OptionalInt optionalU32(Attributes attributes, int type) {
        return attributes.get(type).map(a -> OptionalInt.of(a.u32())).orElse(OptionalInt.empty());
    }

    static String describe(Route route) {
        return route.destination() + route.gateway().map(g -> " via " + Cidr.text(g)).orElse("")
                + (route.interfaceIndex().isPresent() ? " dev #" + route.interfaceIndex().getAsInt() : "");
    }
}
