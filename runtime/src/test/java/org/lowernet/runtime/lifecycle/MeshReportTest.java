package org.lowernet.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.config.LanConfig;
import org.lowernet.runtime.health.MeshGateway;
import org.lowernet.runtime.health.MeshNeighbour;
import org.lowernet.runtime.health.MeshState;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.mesh.MeshView;
import org.lowernet.runtime.mesh.RouterId;
import org.lowernet.runtime.prefix.MeshLan;

class MeshReportTest {

    private static final RouterId ME = RouterId.parse("02:00:00:ff:fe:00:00:01");
    private static final RouterId OTHER = RouterId.parse("02:00:00:ff:fe:00:00:03");
    private static final Cidr ANY = Cidr.parse("0.0.0.0/0");
    private static final List<MeshView.Neighbour> NEIGHBOURS = List.of(
            new MeshView.Neighbour("1", "fe80::3", "mesh0", 96, 96, 96),
            new MeshView.Neighbour("2", "fe80::9", "mesh1", 65535, 256, 65535));
    private static final MeshView.Route DEFAULT = new MeshView.Route("r1", ANY, ANY, true, OTHER, 96, 0, "fe80::3",
            "mesh0");

    @Test
    void anotherNodesDefaultRouteInUseIsTheGatewayWithItsWay() {
        MeshState state = MeshReport.of(new MeshView(Optional.of(ME), NEIGHBOURS, List.of(DEFAULT), List.of()));
        assertEquals(new MeshState(List.of(new MeshNeighbour("mesh0", "fe80::3", 96), new MeshNeighbour("mesh1", "fe80::9", 65535)),
                Optional.of(MeshGateway.through("02:00:00:ff:fe:00:00:03", "fe80::3", "mesh0"))), state);
    }

    @Test
    void announcingItsOwnUplinkMakesTheNodeItsOwnGatewayAndARetractedRouteIsNone() {
        MeshView own = new MeshView(Optional.of(ME), NEIGHBOURS, List.of(DEFAULT),
                List.of(new MeshView.XRoute("x1", ANY, ANY, 0)));
        assertEquals(Optional.of(MeshGateway.self()), MeshReport.of(own).gateway());
        MeshView.Route retracted = new MeshView.Route("r1", ANY, ANY, true, OTHER, MeshView.INFINITY, 0, "fe80::3",
                "mesh0");
        assertEquals(Optional.empty(), MeshReport.of(new MeshView(Optional.of(ME), NEIGHBOURS, List.of(retracted),
                List.of())).gateway());
        assertEquals(MeshState.EMPTY, MeshReport.of(MeshView.EMPTY));
    }

    @Test
    void theLansPrefixesAreItsIpv4SubnetAndTheUla64OfAnAutomaticPrefix() {
        LanConfig configured = LanConfig.defaults();
        assertEquals(List.of(configured.address().subnet()), MeshReport.prefixes(MeshLan.fixed(configured)));
        MeshLan automatic = MeshLan.automatic(Cidr.parse("10.77.3.0/24"), 3, configured, Cidr.parse("fd12:3456:789a::/48"));
        assertEquals(List.of("10.77.3.0/24", "fd12:3456:789a:3::/64"), MeshReport.prefixes(automatic));
    }
}
