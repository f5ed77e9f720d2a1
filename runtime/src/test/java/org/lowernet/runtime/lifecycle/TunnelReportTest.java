package org.lowernet.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.config.HostPort;
import org.lowernet.runtime.config.TunnelConfig;
import org.lowernet.runtime.health.TunnelLink;
import org.lowernet.runtime.tunnel.TunnelState;
import org.lowernet.runtime.wgkey.WgPublicKey;

class TunnelReportTest {

    private static final WgPublicKey HILL = WgPublicKey.parse("hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=");
    private static final WgPublicKey TOWN = WgPublicKey.parse("3p7bfXt9wbTTW2HC7OQ1Nz+DQ8hbeGdNrfx+FG+IK08=");
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void eachTunnelWithItsPeersKeyStatusEndpointAndBytes() throws Exception {
        List<TunnelConfig> configs = List.of(
                new TunnelConfig("hill", Optional.of(new HostPort("198.51.100.7", 51820)), HILL, OptionalInt.empty(),
                        Duration.ofSeconds(25)),
                new TunnelConfig("town", Optional.empty(), TOWN, OptionalInt.of(51821), Duration.ZERO),
                new TunnelConfig("far", Optional.of(new HostPort("2001:db8::7", 51820)), TOWN, OptionalInt.empty(),
                        Duration.ofSeconds(25)));
        List<TunnelState> states = List.of(
                new TunnelState("far", 40000, Optional.of(new InetSocketAddress(InetAddress.getByName("2001:db8::7"),
                        51820)), Optional.of(NOW.minusSeconds(181)), 5, 6),
                new TunnelState("hill", 40001, Optional.of(new InetSocketAddress(InetAddress.getByName("198.51.100.7"),
                        51820)), Optional.of(NOW.minusSeconds(30)), 1000, 2000),
                TunnelState.failed("town", "the kernel has no WireGuard"));

        assertEquals(List.of(
                new TunnelLink("far", TOWN.base64(), "stale", Optional.of("[2001:db8::7]:51820"),
                        Optional.of(NOW.minusSeconds(181)), 5, 6, Optional.empty()),
                new TunnelLink("hill", HILL.base64(), "up", Optional.of("198.51.100.7:51820"),
                        Optional.of(NOW.minusSeconds(30)), 1000, 2000, Optional.empty()),
                new TunnelLink("town", TOWN.base64(), "no_handshake", Optional.empty(), Optional.empty(), 0, 0,
                        Optional.of("the kernel has no WireGuard"))),
                TunnelReport.of(states, configs, NOW));
    }
}
