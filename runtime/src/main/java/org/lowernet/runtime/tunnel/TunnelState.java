package org.lowernet.runtime.tunnel;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One tunnel as the kernel last reported it.
 *
 * @param name          the WireGuard interface (the config's tunnel name)
 * @param listenPort    the UDP port it listens on (the kernel picks one when the config names none); 0 while the
 *                      tunnel is not set up
 * @param endpoint      where its packets go: the configured peer, or where the peer's last packet came from
 * @param lastHandshake when the last handshake with the peer completed; empty when none has yet
 * @param rxBytes       bytes received from the peer, since the interface was made
 * @param txBytes       bytes sent to the peer
 * @param problem       why the tunnel is not set up (the kernel has no WireGuard, the name is taken by another kind
 *                      of link, ...); empty when it is
 */
public record TunnelState(String name, int listenPort, Optional<InetSocketAddress> endpoint,
                          Optional<Instant> lastHandshake, long rxBytes, long txBytes, Optional<String> problem) {

    /**
     * WireGuard's REJECT_AFTER_TIME: a session older than this carries no data. Keys are renewed every 2 minutes
     * while packets flow (keepalives included), so a working tunnel never has an older handshake.
     */
    public static final Duration FRESH = Duration.ofSeconds(180);

    /** How a tunnel is doing, as statistics, watch and events say it. */
    public enum Status {
        /** No handshake yet: the peer was never reached (not there, a wrong key, a firewall, no WireGuard). */
        NO_HANDSHAKE,
        /** A handshake within {@link #FRESH}: packets flow. */
        UP,
        /** The last handshake is older than {@link #FRESH}: the peer stopped answering. */
        STALE;

        /** The status as messages carry it: no_handshake, up, stale. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A tunnel the kernel reports (no problem). */
    public TunnelState(String name, int listenPort, Optional<InetSocketAddress> endpoint, Optional<Instant> lastHandshake,
                       long rxBytes, long txBytes) {
        this(name, listenPort, endpoint, lastHandshake, rxBytes, txBytes, Optional.empty());
    }

    /** A tunnel that could not be set up, and why. */
    public static TunnelState failed(String name, String problem) {
        return new TunnelState(name, 0, Optional.empty(), Optional.empty(), 0, 0, Optional.of(problem));
    }

    /** This state with {@code problem} (a tunnel that is set up may still lack its peer's address). */
    public TunnelState withProblem(Optional<String> problem) {
        return new TunnelState(name, listenPort, endpoint, lastHandshake, rxBytes, txBytes, problem);
    }

    public Status status(Instant now) {
        if (lastHandshake.isEmpty()) {
            return Status.NO_HANDSHAKE;
        }
        return Duration.between(lastHandshake.get(), now).compareTo(FRESH) <= 0 ? Status.UP : Status.STALE;
    }
}
