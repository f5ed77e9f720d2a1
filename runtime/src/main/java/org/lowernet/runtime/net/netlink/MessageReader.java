package org.lowernet.runtime.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Splits a received datagram into netlink messages, rejecting every length that does not add up. */
public final class MessageReader {

    /** Larger than any datagram the socket accepts ({@link NetlinkSocket#RECEIVE_BUFFER}). */
    public static final int MAX_DATAGRAM = 1 << 20;
    /** A datagram of 1 MiB holds at most 65,536 header-only messages; this is the same bound. */
    public static final int MAX_MESSAGES = MAX_DATAGRAM / LinuxNetlink.NLMSG_HDRLEN;

    private MessageReader() {
    }

    /** The messages in {@code length} bytes of {@code datagram}. */
    public static List<NetlinkMessage> read(byte[] datagram, int length) {
        if (length < 0 || length > datagram.length || length > MAX_DATAGRAM) {
            throw new NetlinkDecodeException("datagram of " + length + " bytes is outside 0.." + MAX_DATAGRAM);
        }
        ByteBuffer buffer = ByteBuffer.wrap(datagram, 0, length).order(ByteOrder.nativeOrder());
        List<NetlinkMessage> messages = new ArrayList<>();
        while (buffer.remaining() > 0) {
            int at = buffer.position();
            if (buffer.remaining() < LinuxNetlink.NLMSG_HDRLEN) {
                throw new NetlinkDecodeException("message at offset " + at + ": " + buffer.remaining()
                        + " trailing bytes, fewer than a netlink header (16)");
            }
            NetlinkHeader header = NetlinkHeader.read(buffer);
            // A length below the header size would never advance: the classic netlink parsing loop.
            if (header.length() < LinuxNetlink.NLMSG_HDRLEN || header.length() - LinuxNetlink.NLMSG_HDRLEN > buffer.remaining()) {
                throw new NetlinkDecodeException("message at offset " + at + " (type " + header.type()
                        + "): length " + Integer.toUnsignedString(header.length()) + " outside 16.."
                        + (buffer.remaining() + LinuxNetlink.NLMSG_HDRLEN));
            }
            if (messages.size() == MAX_MESSAGES) {
                throw new NetlinkDecodeException("more than " + MAX_MESSAGES + " messages in one datagram");
            }
            byte[] payload = new byte[header.length() - LinuxNetlink.NLMSG_HDRLEN];
            buffer.get(payload);
            messages.add(new NetlinkMessage(header, payload));
            int padding = Math.min(LinuxNetlink.align(header.length()) - header.length(), buffer.remaining());
            buffer.position(buffer.position() + padding);
        }
        return messages;
    }
}
