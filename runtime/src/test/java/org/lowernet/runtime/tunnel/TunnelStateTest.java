package org.lowernet.runtime.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TunnelStateTest {

    static final Instant NOW = Instant.parse("2026-12-02T04:00:00Z");

    static TunnelState handshakeAt(Instant when) {
        return new TunnelState("wg0", 51820, Optional.empty(), Optional.of(when), 1, 1);
    }

    @Test
    void statusFollowsTheLastHandshake() {
        assertEquals(TunnelState.Status.NO_HANDSHAKE,
                new TunnelState("wg0", 51820, Optional.empty(), Optional.empty(), 0, 0).status(NOW));
        assertEquals(TunnelState.Status.UP, handshakeAt(NOW.minusSeconds(5)).status(NOW));
        assertEquals(TunnelState.Status.UP, handshakeAt(NOW.minusSeconds(180)).status(NOW), "180 s is REJECT_AFTER_TIME");
        assertEquals(TunnelState.Status.STALE, handshakeAt(NOW.minusSeconds(181)).status(NOW));
        assertEquals(TunnelState.Status.NO_HANDSHAKE, TunnelState.failed("wg0", "no WireGuard").status(NOW));
    }

    @Test
    void wordsAreThoseOfMessages() {
        assertEquals("no_handshake", TunnelState.Status.NO_HANDSHAKE.word());
        assertEquals("up", TunnelState.Status.UP.word());
        assertEquals("stale", TunnelState.Status.STALE.word());
    }
}
