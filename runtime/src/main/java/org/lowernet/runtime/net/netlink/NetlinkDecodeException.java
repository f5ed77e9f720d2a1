package org.lowernet.runtime.net.netlink;

/** Bytes that are not a well-formed netlink message: truncated, oversized, looping, too deep or garbage. */
public final class NetlinkDecodeException extends RuntimeException {

    public NetlinkDecodeException(String message) {
        super(message);
    }
}
