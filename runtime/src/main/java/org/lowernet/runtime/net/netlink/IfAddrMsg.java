package org.lowernet.runtime.net.netlink;

import java.nio.ByteBuffer;

/** {@code struct ifaddrmsg} (linux/if_addr.h): the fixed part of RTM_*ADDR messages. */
public record IfAddrMsg(int family, int prefixLength, int flags, int scope, int index) {

    public static IfAddrMsg read(NetlinkMessage message) {
        ByteBuffer b = message.fixed(LinuxIfAddr.IFADDRMSG_SIZE, "ifaddrmsg");
        return new IfAddrMsg(Byte.toUnsignedInt(b.get()), Byte.toUnsignedInt(b.get()), Byte.toUnsignedInt(b.get()),
                Byte.toUnsignedInt(b.get()), b.getInt());
    }

    public MessageWriter write(MessageWriter writer) {
        return writer.u8(family).u8(prefixLength).u8(flags).u8(scope).u32(index);
    }
}
