package org.lowernet.runtime.tunnel;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.lowernet.runtime.wgkey.WgPrivateKey;
import org.lowernet.runtime.wgkey.WgPublicKey;

/**
 * What one WireGuard interface is set to: this node's key, its port, and its one peer, which may send it everything
 * (allowed IPs 0.0.0.0/0 and ::/0: babel, not WireGuard, decides what goes through). Its {@code toString()} shows
 * "(private key)", never the key.
 *
 * @param listenPort empty: the kernel picks a port (a side that only initiates)
 * @param endpoint   where to send the first handshake; empty for a side that waits for the peer
 * @param keepalive  how often to send a keepalive when idle (keeps a NAT's mapping); zero: never
 */
public record DeviceSettings(String name, WgPrivateKey privateKey, OptionalInt listenPort, WgPublicKey peer,
                             Optional<InetSocketAddress> endpoint, Duration keepalive) {

    /** WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL is a u16 of seconds. */
    static final long MAX_KEEPALIVE_SECONDS = 0xffff;

    public DeviceSettings {
        if (keepalive.isNegative() || keepalive.toSeconds() > MAX_KEEPALIVE_SECONDS) {
            throw new IllegalArgumentException("tunnel " + name + ": keepalive " + keepalive.toSeconds()
                    + " s is outside 0.." + MAX_KEEPALIVE_SECONDS + " s");
        }
        endpoint.filter(InetSocketAddress::isUnresolved).ifPresent(e -> {
            throw new IllegalArgumentException("tunnel " + name + ": endpoint " + e + " is not resolved to an address");
        });
    }
}
