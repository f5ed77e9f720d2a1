package org.lowernet.runtime.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.lowernet.runtime.net.netlink.Attribute;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;
import org.lowernet.runtime.net.netlink.NetlinkDecodeException;

/** Address attributes to {@link InetAddress}, checking the length matches the message's family. */
final class InetBytes {

    private InetBytes() {
    }

    static InetAddress of(Attribute attribute, int family) {
        byte[] bytes = attribute.bytes();
        int expected = family == LinuxRtnetlink.AF_INET ? 4 : family == LinuxRtnetlink.AF_INET6 ? 16 : -1;
        if (bytes.length != expected) {
            throw new NetlinkDecodeException("address attribute " + attribute.type() + ": " + bytes.length
                    + " bytes for address family " + family);
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new NetlinkDecodeException("address attribute " + attribute.type() + ": " + e.getMessage());
        }
    }

    static boolean isIp(int family) {
        return family == LinuxRtnetlink.AF_INET || family == LinuxRtnetlink.AF_INET6;
    }
}
