package org.lowernet.runtime.net.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * One {@code struct rtattr} / {@code struct nlattr}: its type (flags masked off) and value bytes.
 * The accessors check the value's length, so a wrong-sized value is an exception, never a wrong number.
 */
public record Attribute(int type, boolean nested, byte[] value, int depth) {

    public int u8() {
        return Byte.toUnsignedInt(sized(1).get());
    }

    public int u16() {
        return Short.toUnsignedInt(sized(2).getShort());
    }

    public int u32() {
        return sized(4).getInt();
    }

    public long u64() {
        return sized(8).getLong();
    }

    public byte[] bytes() {
        return value.clone();
    }

    /** A NUL-terminated UTF-8 string (interface names, kinds, labels); a missing NUL is tolerated. */
    public String string() {
        int end = 0;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value, 0, end)).toString();
        } catch (CharacterCodingException e) {
            throw new NetlinkDecodeException("attribute " + type + ": string value is not UTF-8");
        }
    }

    /** The attributes inside this one (nesting is bounded by {@link Attributes#MAX_DEPTH}). */
    public Attributes attributes() {
        return Attributes.parse(value, 0, value.length, depth + 1);
    }

    /** The value as a host-order buffer, after checking it is at least {@code size} bytes. */
    public ByteBuffer atLeast(int size, String struct) {
        if (value.length < size) {
            throw new NetlinkDecodeException("attribute " + type + ": " + value.length
                    + " bytes is shorter than " + struct + " (" + size + " bytes)");
        }
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder());
    }

    private ByteBuffer sized(int size) {
        if (value.length != size) {
            throw new NetlinkDecodeException("attribute " + type + ": expected a " + size
                    + "-byte value, found " + value.length + " bytes");
        }
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder());
    }
}
