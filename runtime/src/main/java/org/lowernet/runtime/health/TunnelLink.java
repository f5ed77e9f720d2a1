package org.lowernet.runtime.health;

import java.time.Instant;
import java.util.Optional;

/**
 * A WireGuard tunnel as the reports show it: its name (also its interface's), the other node's public key, its
 * state ({@code up}: a handshake within WireGuard's 180 s; {@code stale}: an older one; {@code no_handshake}: none
 * since the tunnel was made, as with a wrong public key), where the other end was last heard from, the bytes
 * through it, and why it is not working when the node knows (no WireGuard in the kernel, a peer's name that does
 * not resolve).
 */
public record TunnelLink(String name, String peerKey, String status, Optional<String> endpoint,
                         Optional<Instant> lastHandshake, long rxBytes, long txBytes, Optional<String> problem) {
}
