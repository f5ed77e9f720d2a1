package org.lowernet.runtime.health;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.lowernet.runtime.boot.Boot;
import org.lowernet.runtime.boot.BootReason;
import org.lowernet.runtime.config.Location;
import org.lowernet.runtime.net.InterfaceReport;

/** A node's health messages with every optional field present, for the tests that compare them with documents. */
public final class Samples {

    private Samples() {
    }

    public static NodeInfo nodeInfo() {
        return new NodeInfo("dca632aabbcc", "infoshop-1", "riverside", "Raspberry Pi 4 Model B Rev 1.4",
                "0.1.0", "6.12.0", Optional.of("dc:a6:32:aa:bb:cc"), List.of("10.42.0.1"),
                Optional.of(new Location(52.52, 13.405)),
                Optional.of(new Boot(3, BootReason.WATCHDOG, "the watchdog reset the board", false)),
                Optional.of("ssh-ed25519 SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"),
                Optional.of("02:00:00:ff:fe:00:00:01"), List.of("10.42.0.0/24", "fd12:3456:789a:2a::/64"),
                Optional.of(TUNNEL_KEY), Optional.of(new NodeInfo.Update("b", "0.2.0", true, 1, 3,
                        Optional.of("rolled back 0.1.9 (system-b): not committed after 3 trial boots"))));
    }

    /** Babel's view with two neighbours, the gateway another node's uplink reached through the first. */
    public static final MeshState MESH = new MeshState(List.of(new MeshNeighbour("mesh0", "fe80::3", 96), new MeshNeighbour("mesh1", "fe80::9", 65535)),
            Optional.of(MeshGateway.through("02:00:00:ff:fe:00:00:03", "fe80::3", "mesh0")));

    /** A WireGuard public key (RFC 7748's Alice), as nodeinfo and a tunnel's peer show it. */
    public static final String TUNNEL_KEY = "hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=";

    /** One tunnel up, one that never had a handshake (a wrong key). */
    public static final List<TunnelLink> TUNNELS = List.of(
            new TunnelLink("riverside", TUNNEL_KEY, "up", Optional.of("198.51.100.7:51820"),
                    Optional.of(Instant.parse("2026-12-02T10:00:00Z")), 12_000, 34_000, Optional.empty()),
            new TunnelLink("town", TUNNEL_KEY, "no_handshake", Optional.empty(), Optional.empty(), 0, 148,
                    Optional.of("the peer's name town.example.org does not resolve")));

    public static Statistics statistics() {
        return statistics(Optional.of(MESH));
    }

    /** As {@link #statistics()}, with {@code mesh} as babel's part. */
    public static Statistics statistics(Optional<MeshState> mesh) {
        List<InterfaceReport> interfaces = List.of(
                new InterfaceReport("eth0", "wan", true, true, true, Optional.empty(), List.of("198.51.100.2/24"), 1, 2),
                new InterfaceReport("eth1", "lan", true, true, true, Optional.empty(), List.of("10.42.0.1/24"), 3, 4));
        return new Statistics("dca632aabbcc", Instant.EPOCH, 1, 12.5,
                new ProcReadings.Load(0.1, 0.2, 0.3, 1, 90), new ProcReadings.Memory(900_000, 500_000, 700_000),
                OptionalDouble.of(48.3), 3, interfaces, "online", 1, 2, 3, 4, true, new Statistics.MqttCounters(0, 0, 0),
                mesh, TUNNELS);
    }
}
