package org.lowernet.runtime.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one netlink request: header, fixed struct, attributes (nested ones too), each 4-byte aligned.
 * The sequence number is left 0; {@link NetlinkSocket} stamps its own into the bytes when sending.
 */
public final class MessageWriter {

    /** Requests lowernet builds are a few hundred bytes; this bounds a runaway builder. */
    public static final int MAX_MESSAGE = 64 * 1024;
    /** Offset of {@code nlmsg_seq} in {@code struct nlmsghdr}. */
    static final int SEQ_OFFSET = 8;

    private ByteBuffer buffer = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());

    public MessageWriter(int type, int flags) {
        new NetlinkHeader(0, type, flags, 0, 0).write(buffer);
    }

    public MessageWriter u8(int value) {
        room(1).put((byte) value);
        return this;
    }

    public MessageWriter u16(int value) {
        room(2).putShort((short) value);
        return this;
    }

    public MessageWriter u32(int value) {
        room(4).putInt(value);
        return this;
    }

    /** An attribute holding {@code value}, padded to 4 bytes. */
    public MessageWriter attribute(int type, byte[] value) {
        int length = LinuxNetlink.NLA_HDRLEN + value.length;
        if (length > 0xffff) {
            throw new IllegalArgumentException("attribute " + type + ": " + value.length + " bytes exceed an rtattr (65531)");
        }
        room(LinuxNetlink.align(length)).putShort((short) length).putShort((short) type).put(value);
        pad();
        return this;
    }

    public MessageWriter attributeU8(int type, int value) {
        return attribute(type, new byte[] {(byte) value});
    }

    public MessageWriter attributeU16(int type, int value) {
        return attribute(type, ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) value).array());
    }

    public MessageWriter attributeU32(int type, int value) {
        return attribute(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** A NUL-terminated string attribute, as the kernel expects for names and kinds. */
    public MessageWriter attributeString(int type, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return attribute(type, Arrays.copyOf(utf8, utf8.length + 1));
    }

    /** Opens a nested attribute; returns the mark {@link #endNested} needs. */
    public int beginNested(int type) {
        int mark = buffer.position();
        room(LinuxNetlink.NLA_HDRLEN).putShort((short) 0).putShort((short) (type | LinuxNetlink.NLA_F_NESTED));
        return mark;
    }

    public MessageWriter endNested(int mark) {
        buffer.putShort(mark, (short) (buffer.position() - mark));
        return this;
    }

    /** The finished message with its length filled in. */
    public byte[] toBytes() {
        pad();
        buffer.putInt(0, buffer.position());
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private void pad() {
        while (buffer.position() % LinuxNetlink.NLA_ALIGNTO != 0) {
            buffer.put((byte) 0);
        }
    }

    private ByteBuffer room(int bytes) {
        if (buffer.position() + bytes > MAX_MESSAGE) {
            throw new IllegalStateException("netlink request grew beyond " + MAX_MESSAGE + " bytes");
        }
        if (buffer.remaining() < bytes) {
            ByteBuffer larger = ByteBuffer.allocate(Math.min(MAX_MESSAGE, 2 * buffer.capacity() + bytes))
                    .order(ByteOrder.nativeOrder());
            larger.put(buffer.flip());
            buffer = larger;
        }
        return buffer;
    }
}
