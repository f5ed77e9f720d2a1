package org.lowernet.runtime.net.netlink;

import java.nio.ByteBuffer;

/**
 * {@code struct ifinfomsg} (linux/rtnetlink.h): the fixed part of RTM_*LINK messages.
 *
 * @param change the {@code IFF_*} bits of {@code flags} a SETLINK request changes
 */
public record IfInfoMsg(int family, int deviceType, int index, int flags, int change) {

    public static IfInfoMsg read(NetlinkMessage message) {
        ByteBuffer b = message.fixed(LinuxIfLink.IFINFOMSG_SIZE, "ifinfomsg");
        int family = Byte.toUnsignedInt(b.get());
        b.get(); // __ifi_pad
        return new IfInfoMsg(family, Short.toUnsignedInt(b.getShort()), b.getInt(), b.getInt(), b.getInt());
    }

    public MessageWriter write(MessageWriter writer) {
        return writer.u8(family).u8(0).u16(deviceType).u32(index).u32(flags).u32(change);
    }
}
