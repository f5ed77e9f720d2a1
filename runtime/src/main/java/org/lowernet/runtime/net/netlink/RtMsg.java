package org.lowernet.runtime.net.netlink;

import java.nio.ByteBuffer;

/** {@code struct rtmsg} (linux/rtnetlink.h): the fixed part of RTM_*ROUTE messages. */
public record RtMsg(int family, int dstLength, int srcLength, int tos, int table, int protocol, int scope,
                    int type, int flags) {

    public static RtMsg read(NetlinkMessage message) {
        ByteBuffer b = message.fixed(LinuxRtnetlink.RTMSG_SIZE, "rtmsg");
        return new RtMsg(Byte.toUnsignedInt(b.get()), Byte.toUnsignedInt(b.get()), Byte.toUnsignedInt(b.get()),
                Byte.toUnsignedInt(b.get()), Byte.toUnsignedInt(b.get()), Byte.toUnsignedInt(b.get()),
                Byte.toUnsignedInt(b.get()), Byte.toUnsignedInt(b.get()), b.getInt());
    }

    public MessageWriter write(MessageWriter writer) {
        return writer.u8(family).u8(dstLength).u8(srcLength).u8(tos).u8(table).u8(protocol).u8(scope).u8(type)
                .u32(flags);
    }
}
