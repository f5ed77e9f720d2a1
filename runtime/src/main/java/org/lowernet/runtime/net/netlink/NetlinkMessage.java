package org.lowernet.runtime.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One decoded netlink message: its header and the payload after it (the fixed struct, then attributes),
 * without the alignment padding that follows it in the datagram.
 */
public record NetlinkMessage(NetlinkHeader header, byte[] payload) {

    public int type() {
        return header.type();
    }

    /** The payload as a fresh host-order buffer. */
    public ByteBuffer body() {
        return ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder());
    }

    /** Checks the payload holds a fixed struct of {@code size} bytes; returns a buffer positioned at it. */
    public ByteBuffer fixed(int size, String struct) {
        if (payload.length < size) {
            throw new NetlinkDecodeException("message type " + type() + ": payload of " + payload.length
                    + " bytes is shorter than " + struct + " (" + size + " bytes)");
        }
        return body();
    }

    /** The attributes after a fixed struct of {@code size} bytes. */
    public Attributes attributes(int size, String struct) {
        fixed(size, struct);
        return Attributes.parse(payload, size, payload.length - size, 0);
    }
}
