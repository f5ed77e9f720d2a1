package org.lowernet.runtime.net.netlink;

import java.nio.ByteBuffer;

/**
 * {@code struct genlmsghdr} (linux/genetlink.h): the fixed part of every generic netlink message, after the
 * netlink header whose type is the family's id.
 *
 * @param command the family's {@code *_CMD_*}
 * @param version the family's protocol version
 */
public record GenlMsgHdr(int command, int version) {

    public static GenlMsgHdr read(NetlinkMessage message) {
        ByteBuffer b = message.fixed(LinuxGenetlink.GENL_HDRLEN, "genlmsghdr");
        return new GenlMsgHdr(Byte.toUnsignedInt(b.get()), Byte.toUnsignedInt(b.get()));
    }

    /** The attributes after the header. */
    public static Attributes attributes(NetlinkMessage message) {
        return message.attributes(LinuxGenetlink.GENL_HDRLEN, "genlmsghdr");
    }

    /** A request of {@code family} (its id), {@code flags} {@code NLM_F_*}, starting with this header. */
    public MessageWriter request(int family, int flags) {
        return new MessageWriter(family, flags).u8(command).u8(version).u16(0);
    }
}
