package org.lowernet.runtime.net.netlink;

import java.nio.ByteBuffer;

/**
 * {@code struct nlmsghdr} (linux/netlink.h).
 *
 * @param length total length of the message including this header
 * @param type   {@code NLMSG_*} or {@code RTM_*}
 * @param flags  {@code NLM_F_*}
 * @param seq    sequence number, echoed by the kernel in replies
 * @param pid    port id of the sender (0 for the kernel)
 */
public record NetlinkHeader(int length, int type, int flags, int seq, int pid) {

    /** Reads a header at the buffer's position and advances it; the caller checks there are 16 bytes. */
    static NetlinkHeader read(ByteBuffer buffer) {
        return new NetlinkHeader(buffer.getInt(), Short.toUnsignedInt(buffer.getShort()),
                Short.toUnsignedInt(buffer.getShort()), buffer.getInt(), buffer.getInt());
    }

    void write(ByteBuffer buffer) {
        buffer.putInt(length).putShort((short) type).putShort((short) flags).putInt(seq).putInt(pid);
    }

    public boolean has(int flag) {
        return (flags & flag) == flag;
    }
}
