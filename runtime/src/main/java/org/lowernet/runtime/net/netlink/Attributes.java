package org.lowernet.runtime.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A decoded run of attributes (linux/netlink.h {@code struct nlattr}, 4-byte aligned), in wire order. */
public final class Attributes {

    /** More attributes than any real rtnetlink message carries at one level (a link has about 60). */
    public static final int MAX_ATTRIBUTES = 4096;
    /** Deeper than any rtnetlink message nests (IFLA_AF_SPEC/AF_INET6/IFLA_INET6_CONF is 3). */
    public static final int MAX_DEPTH = 8;

    private final List<Attribute> list;

    private Attributes(List<Attribute> list) {
        this.list = List.copyOf(list);
    }

    /** Decodes {@code length} bytes of {@code bytes} from {@code offset} as attributes at nesting {@code depth}. */
    static Attributes parse(byte[] bytes, int offset, int length, int depth) {
        if (depth > MAX_DEPTH) {
            throw new NetlinkDecodeException("attributes nested deeper than " + MAX_DEPTH + " levels");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length).order(ByteOrder.nativeOrder());
        List<Attribute> list = new ArrayList<>();
        while (buffer.remaining() > 0) {
            int at = buffer.position() - offset;
            if (buffer.remaining() < LinuxNetlink.NLA_HDRLEN) {
                throw new NetlinkDecodeException("attribute at offset " + at + ": " + buffer.remaining()
                        + " trailing bytes, fewer than an attribute header (4)");
            }
            int len = Short.toUnsignedInt(buffer.getShort());
            int type = Short.toUnsignedInt(buffer.getShort());
            if (len < LinuxNetlink.NLA_HDRLEN || len - LinuxNetlink.NLA_HDRLEN > buffer.remaining()) {
                throw new NetlinkDecodeException("attribute at offset " + at + " (type " + type + "): length "
                        + len + " outside 4.." + (buffer.remaining() + LinuxNetlink.NLA_HDRLEN));
            }
            if (list.size() == MAX_ATTRIBUTES) {
                throw new NetlinkDecodeException("more than " + MAX_ATTRIBUTES + " attributes at one level");
            }
            byte[] value = new byte[len - LinuxNetlink.NLA_HDRLEN];
            buffer.get(value);
            list.add(new Attribute(type & LinuxNetlink.NLA_TYPE_MASK, (type & LinuxNetlink.NLA_F_NESTED) != 0,
                    value, depth));
            // The last attribute's padding may be missing; the kernel omits it at the message end.
            int padding = Math.min(LinuxNetlink.align(len) - len, buffer.remaining());
            buffer.position(buffer.position() + padding);
        }
        return new Attributes(list);
    }

    public List<Attribute> all() {
        return list;
    }

    /** The first attribute of {@code type}. */
    public Optional<Attribute> get(int type) {
        return list.stream().filter(a -> a.type() == type).findFirst();
    }

    public int size() {
        return list.size();
    }
}
