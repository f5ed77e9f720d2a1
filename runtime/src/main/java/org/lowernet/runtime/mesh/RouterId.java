package org.lowernet.runtime.mesh;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A babel router-id: 8 bytes written as a modified EUI-64 ({@code 02:00:00:ff:fe:00:00:0a}), as babeld prints it
 * in {@code my-id} and in every route's {@code id}. The node sets its own explicitly (from a MAC address, as babeld
 * itself would), so the same id seeds the prefix choice and orders the nodes when two claim one prefix.
 */
public record RouterId(byte[] bytes) implements Comparable<RouterId> {

    private static final HexFormat HEX = HexFormat.ofDelimiter(":");

    public RouterId {
        if (bytes.length != 8) {
            throw new IllegalArgumentException("a router-id has 8 bytes, not " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /** The modified EUI-64 of a MAC-48 ({@code aa:bb:cc:dd:ee:ff}): the U/L bit flipped, ff:fe in the middle. */
    public static RouterId fromMac(String mac) {
        byte[] m = parseHex(mac, 6, "MAC address");
        return new RouterId(new byte[] {(byte) (m[0] ^ 0x02), m[1], m[2], (byte) 0xff, (byte) 0xfe, m[3], m[4], m[5]});
    }

    /** Reads babeld's text form, 8 colon-separated hex bytes. */
    public static RouterId parse(String text) {
        return new RouterId(parseHex(text, 8, "router-id"));
    }

    private static byte[] parseHex(String text, int length, String what) {
        if (!text.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){" + (length - 1) + "}")) {
            throw new IllegalArgumentException("'" + text + "' is not a " + what + " (" + length
                    + " hex bytes separated by colons)");
        }
        return HEX.parseHex(text);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RouterId id && Arrays.equals(bytes, id.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Unsigned byte order: the same order on every node. */
    @Override
    public int compareTo(RouterId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return HEX.formatHex(bytes);
    }
}
