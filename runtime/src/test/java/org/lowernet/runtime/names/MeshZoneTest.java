package org.lowernet.runtime.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeshZoneTest {

    private static InetAddress ip(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void everyRouterUnderTheDomainOwnClientsUnderThisRouterOthersClientsAskedOfTheirRouter() throws Exception {
        MeshZone zone = new MeshZone("mesh", new MeshNode("a", List.of(ip("10.77.1.1"), ip("fd00:1:2:1::1"))),
                List.of(new MeshNode("b", List.of(ip("10.77.2.1"))), new MeshNode("c", List.of(ip("10.77.3.1")))),
                Map.of("laptop", ip("10.77.1.150")));
        assertEquals("""
                # Written by lowernet: the routers of the mesh and this router's clients.
                10.77.1.1 a.mesh
                fd00:1:2:1::1 a.mesh
                10.77.2.1 b.mesh
                10.77.3.1 c.mesh
                10.77.1.150 laptop.a.mesh
                """, zone.hosts());
        assertEquals("""
                # Written by lowernet: each router answers for its own clients.
                server=/b.mesh/10.77.2.1
                server=/c.mesh/10.77.3.1
                """, zone.servers());
    }

    @Test
    void twoRoutersWithOneNameAreRefused() throws Exception {
        MeshNode a = new MeshNode("a", List.of(ip("10.77.1.1")));
        assertThrows(IllegalArgumentException.class, () -> new MeshZone("mesh", a,
                List.of(new MeshNode("a", List.of(ip("10.77.2.1")))), Map.of()));
    }

    @Test
    void aNameThatIsNoLabelIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MeshNode("Bad Name", List.of(ip("10.77.2.1"))));
        assertThrows(IllegalArgumentException.class, () -> new MeshNode("-a", List.of(ip("10.77.2.1"))));
    }

    @Test
    void theLeaseFileGivesNamedIpv4ClientsOnly() throws Exception {
        assertEquals(Map.of("laptop", ip("10.77.1.150"), "phone", ip("10.77.1.151")), LanLeases.parse("""
                1767225600 52:54:00:00:00:01 10.77.1.150 Laptop 01:52:54:00:00:00:01
                1767225600 52:54:00:00:00:02 10.77.1.151 phone *
                1767225600 52:54:00:00:00:03 10.77.1.152 * *
                1767225600 52:54:00:00:00:04 10.77.1.300 broken *
                1767225600 52:54:00:00:00:05 10.77.1.153 bad_name *
                duid 00:01:00:01:2c:00:00:00:52:54:00:00:00:01
                1767225600 1234 fd00::150 laptop6 00:01
                """));
    }
}
