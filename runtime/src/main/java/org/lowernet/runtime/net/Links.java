package org.lowernet.runtime.net;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.net.netlink.Attribute;
import org.lowernet.runtime.net.netlink.Attributes;
import org.lowernet.runtime.net.netlink.Errno;
import org.lowernet.runtime.net.netlink.IfInfoMsg;
import org.lowernet.runtime.net.netlink.LinuxIfLink;
import org.lowernet.runtime.net.netlink.LinuxNetlink;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;
import org.lowernet.runtime.net.netlink.MessageWriter;
import org.lowernet.runtime.net.netlink.NetlinkDecodeException;
import org.lowernet.runtime.net.netlink.NetlinkException;
import org.lowernet.runtime.net.netlink.NetlinkMessage;
import org.lowernet.runtime.net.netlink.NetlinkSocket;

/** Network interfaces: list, look up, add, delete, set up/down, set MTU (RTM_GETLINK, RTM_NEWLINK, RTM_DELLINK, RTM_SETLINK). */
public final class Links {

    private final NetlinkSocket socket;

    public Links(NetlinkSocket socket) {
        this.socket = socket;
    }

    public List<Link> list() {
        return socket.dump("listing links", dumpRequest()).stream()
                .filter(m -> m.type() == LinuxRtnetlink.RTM_NEWLINK).map(Links::decode).toList();
    }

    /** The link called {@code name}, empty if there is none (the kernel answers ENODEV). */
    public Optional<Link> get(String name) {
        MessageWriter request = new IfInfoMsg(LinuxRtnetlink.AF_UNSPEC, 0, 0, 0, 0)
                .write(new MessageWriter(LinuxRtnetlink.RTM_GETLINK, 0))
                .attributeString(LinuxIfLink.IFLA_IFNAME, name);
        try {
            return Optional.of(decode(socket.get("looking up link " + name, request)));
        } catch (NetlinkException e) {
            if (e.errno().number() == Errno.ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Adds a software link of {@code kind} (the driver: wireguard, dummy, ...) called {@code name}; EEXIST if one is. */
    public void add(String name, String kind) {
        socket.request("adding link " + name + " of kind " + kind, addRequest(name, kind));
    }

    /** Removes the interface with index {@code index} (called {@code name} in errors); ENODEV if it is gone. */
    public void delete(int index, String name) {
        MessageWriter request = new IfInfoMsg(LinuxRtnetlink.AF_UNSPEC, 0, index, 0, 0)
                .write(new MessageWriter(LinuxRtnetlink.RTM_DELLINK, 0));
        socket.request("deleting link " + name, request);
    }

    public void setUp(Link link, boolean up) {
        setUp(link.index(), link.name(), up);
    }

    /** Sets the interface with index {@code index} (called {@code name} in errors) up or down. */
    public void setUp(int index, String name, boolean up) {
        MessageWriter request = new IfInfoMsg(LinuxRtnetlink.AF_UNSPEC, 0, index,
                up ? LinuxIfLink.IFF_UP : 0, LinuxIfLink.IFF_UP)
                .write(new MessageWriter(LinuxRtnetlink.RTM_SETLINK, 0));
        socket.request("setting link " + name + " " + (up ? "up" : "down"), request);
    }

    public void setMtu(Link link, int mtu) {
        setMtu(link.index(), link.name(), mtu);
    }

    public void setMtu(int index, String name, int mtu) {
        MessageWriter request = new IfInfoMsg(LinuxRtnetlink.AF_UNSPEC, 0, index, 0, 0)
                .write(new MessageWriter(LinuxRtnetlink.RTM_SETLINK, 0))
                .attributeU32(LinuxIfLink.IFLA_MTU, mtu);
        socket.request("setting the MTU of link " + name + " to " + mtu, request);
    }

    /** The request {@code ip link add NAME type KIND} sends: the name, and the kind inside IFLA_LINKINFO. */
    static MessageWriter addRequest(String name, String kind) {
        MessageWriter request = new IfInfoMsg(LinuxRtnetlink.AF_UNSPEC, 0, 0, 0, 0)
                .write(new MessageWriter(LinuxRtnetlink.RTM_NEWLINK, LinuxNetlink.NLM_F_CREATE | LinuxNetlink.NLM_F_EXCL))
                .attributeString(LinuxIfLink.IFLA_IFNAME, name);
        int linkInfo = request.beginNested(LinuxIfLink.IFLA_LINKINFO);
        return request.attributeString(LinuxIfLink.IFLA_INFO_KIND, kind).endNested(linkInfo);
    }

    /** The dump request {@code ip link show} sends: an ifinfomsg of family AF_UNSPEC. */
    static MessageWriter dumpRequest() {
        return new IfInfoMsg(LinuxRtnetlink.AF_UNSPEC, 0, 0, 0, 0)
                .write(new MessageWriter(LinuxRtnetlink.RTM_GETLINK, 0));
    }

    /** Decodes RTM_NEWLINK / RTM_DELLINK. */
    static Link decode(NetlinkMessage message) {
        IfInfoMsg info = IfInfoMsg.read(message);
        Attributes attributes = message.attributes(LinuxIfLink.IFINFOMSG_SIZE, "ifinfomsg");
        String name = attributes.get(LinuxIfLink.IFLA_IFNAME).map(Attribute::string).orElseThrow(
                () -> new NetlinkDecodeException("link " + info.index() + " without IFLA_IFNAME"));
        Optional<String> mac = attributes.get(LinuxIfLink.IFLA_ADDRESS).map(Attribute::bytes)
                .filter(b -> b.length > 0).map(b -> HexFormat.ofDelimiter(":").formatHex(b));
        Optional<String> kind = attributes.get(LinuxIfLink.IFLA_LINKINFO)
                .flatMap(a -> a.attributes().get(LinuxIfLink.IFLA_INFO_KIND)).map(Attribute::string);
        Link.LinkStats stats = attributes.get(LinuxIfLink.IFLA_STATS64).map(a -> {
            var b = a.atLeast(LinuxIfLink.STATS64_MIN_SIZE, "rtnl_link_stats64");
            return new Link.LinkStats(b.getLong(LinuxIfLink.STATS64_RX_PACKETS), b.getLong(LinuxIfLink.STATS64_TX_PACKETS),
                    b.getLong(LinuxIfLink.STATS64_RX_BYTES), b.getLong(LinuxIfLink.STATS64_TX_BYTES));
        }).orElse(Link.LinkStats.NONE);
        return new Link(info.index(), name, info.flags(),
                attributes.get(LinuxIfLink.IFLA_MTU).map(Attribute::u32).orElse(0), mac,
                Link.OperState.of(attributes.get(LinuxIfLink.IFLA_OPERSTATE).map(Attribute::u8).orElse(0)),
                kind, stats);
    }
}
