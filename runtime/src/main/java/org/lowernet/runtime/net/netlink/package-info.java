/**
 * A small rtnetlink codec and a {@code NETLINK_ROUTE} socket through JNA; generic netlink
 * ({@link org.lowernet.runtime.net.netlink.GenericNetlink}: families found by name through {@code nlctrl}) on a
 * {@code NETLINK_GENERIC} socket of the same kind.
 *
 * <p>The codec ({@link org.lowernet.runtime.net.netlink.MessageWriter},
 * {@link org.lowernet.runtime.net.netlink.MessageReader}, {@link org.lowernet.runtime.net.netlink.Attributes})
 * is pure Java. Netlink uses the host's byte order, so buffers are in {@link java.nio.ByteOrder#nativeOrder()};
 * the Pi (arm64) and the build hosts (x86-64) are both little-endian, and the golden-byte tests assume that.
 *
 * <p>Limits: a datagram is at most {@link org.lowernet.runtime.net.netlink.MessageReader#MAX_DATAGRAM} bytes,
 * at most {@link org.lowernet.runtime.net.netlink.MessageReader#MAX_MESSAGES} messages, each message at most
 * {@link org.lowernet.runtime.net.netlink.Attributes#MAX_ATTRIBUTES} attributes per level and
 * {@link org.lowernet.runtime.net.netlink.Attributes#MAX_DEPTH} levels of nesting. Anything malformed ends
 * in a {@link org.lowernet.runtime.net.netlink.NetlinkDecodeException}.
 *
 * <p>The socket ({@link org.lowernet.runtime.net.netlink.NetlinkSocket}) assumes LP64 Linux (x86-64, arm64):
 * {@code size_t}/{@code ssize_t} map to Java {@code long}, and errno numbers are the asm-generic ones.
 */
package org.lowernet.runtime.net.netlink;
