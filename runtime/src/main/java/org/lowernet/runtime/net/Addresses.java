package org.lowernet.runtime.net;

import java.net.InetAddress;
import java.util.List;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.netlink.Attribute;
import org.lowernet.runtime.net.netlink.Attributes;
import org.lowernet.runtime.net.netlink.IfAddrMsg;
import org.lowernet.runtime.net.netlink.LinuxIfAddr;
import org.lowernet.runtime.net.netlink.LinuxNetlink;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;
import org.lowernet.runtime.net.netlink.MessageWriter;
import org.lowernet.runtime.net.netlink.NetlinkDecodeException;
import org.lowernet.runtime.net.netlink.NetlinkMessage;
import org.lowernet.runtime.net.netlink.NetlinkSocket;

/** IPv4 and IPv6 interface addresses: list, add, delete (RTM_GETADDR, RTM_NEWADDR, RTM_DELADDR). */
public final class Addresses {

    private final NetlinkSocket socket;

    public Addresses(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Every IPv4 and IPv6 address of every interface. */
    public List<Address> list() {
        MessageWriter request = new IfAddrMsg(LinuxRtnetlink.AF_UNSPEC, 0, 0, 0, 0)
                .write(new MessageWriter(LinuxRtnetlink.RTM_GETADDR, 0));
        return socket.dump("listing addresses", request).stream()
                .filter(m -> m.type() == LinuxRtnetlink.RTM_NEWADDR)
                .filter(m -> InetBytes.isIp(IfAddrMsg.read(m).family()))
                .map(Addresses::decode).toList();
    }

    /** Adds {@code cidr} to {@code link}; EEXIST if it is there already, ENODEV if the link is gone. */
    public void add(Link link, Cidr cidr) {
        add(link.index(), cidr, "adding " + cidr + " to " + link.name());
    }

    /** Adds {@code cidr} to the interface with index {@code index}. */
    public void add(int index, Cidr cidr, String operation) {
        socket.request(operation, request(LinuxRtnetlink.RTM_NEWADDR,
                LinuxNetlink.NLM_F_CREATE | LinuxNetlink.NLM_F_EXCL, index, cidr));
    }

    /** Removes {@code cidr} from {@code link}; EADDRNOTAVAIL if it is not there. */
    public void delete(Link link, Cidr cidr) {
        delete(link.index(), cidr, "deleting " + cidr + " from " + link.name());
    }

    /** Removes {@code cidr} from the interface with index {@code index}. */
    public void delete(int index, Cidr cidr, String operation) {
        socket.request(operation, request(LinuxRtnetlink.RTM_DELADDR, 0, index, cidr));
    }

    /** The request {@code ip addr add} sends: IFA_LOCAL and IFA_ADDRESS both the address (no peer). */
    static MessageWriter request(int type, int flags, int index, Cidr cidr) {
        byte[] address = cidr.address().getAddress();
        return new IfAddrMsg(cidr.family(), cidr.prefixLength(), 0, LinuxRtnetlink.RT_SCOPE_UNIVERSE, index)
                .write(new MessageWriter(type, flags))
                .attribute(LinuxIfAddr.IFA_LOCAL, address)
                .attribute(LinuxIfAddr.IFA_ADDRESS, address);
    }

    /** Decodes RTM_NEWADDR / RTM_DELADDR of family AF_INET or AF_INET6. */
    static Address decode(NetlinkMessage message) {
        IfAddrMsg header = IfAddrMsg.read(message);
        Attributes attributes = message.attributes(LinuxIfAddr.IFADDRMSG_SIZE, "ifaddrmsg");
        // IFA_LOCAL is the interface's own address; IFA_ADDRESS differs only on point-to-point links.
        Attribute attribute = attributes.get(LinuxIfAddr.IFA_LOCAL).or(() -> attributes.get(LinuxIfAddr.IFA_ADDRESS))
                .orElseThrow(() -> new NetlinkDecodeException("address message for interface " + header.index()
                        + " without IFA_LOCAL or IFA_ADDRESS"));
        InetAddress address = InetBytes.of(attribute, header.family());
        int flags = attributes.get(LinuxIfAddr.IFA_FLAGS).map(Attribute::u32).orElse(header.flags());
        try {
            return new Address(header.index(), new Cidr(address, header.prefixLength()), header.scope(), flags);
        } catch (IllegalArgumentException e) {
            throw new NetlinkDecodeException("address message for interface " + header.index() + ": " + e.getMessage());
        }
    }
}
