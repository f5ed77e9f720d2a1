package org.lowernet.runtime.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.DesiredInterface;
import org.lowernet.runtime.net.DesiredRoute;
import org.lowernet.runtime.net.DesiredState;

/** How a lease becomes desired state and upstream DNS: the shared uplink, and the WAN that carries only tunnels. */
class WanClientTest {

    private static final DesiredState BASE = new DesiredState(
            List.of(new DesiredInterface("eth0", true, Optional.empty(), Set.of())), List.of());
    private static final String BOUND = Lease.TAG
            + "bound ip=203.0.113.100 mask=24 router=203.0.113.1 dns=203.0.113.1 lease=600 ntp=";

    @TempDir
    Path dir;

    @Test
    void aSharedUplinkGetsTheDefaultRouteAndTheLeasesDns() throws Exception {
        List<DesiredState> desired = new ArrayList<>();
        ResolvFile resolv = new ResolvFile(dir.resolve("resolv.conf"));
        client(desired, resolv, Optional.empty()).onLine(BOUND);

        assertEquals(List.of(DesiredRoute.defaultVia(InetAddress.getByName("203.0.113.1"))), desired.getLast().routes());
        assertEquals(Set.of(Cidr.parse("203.0.113.100/24")), desired.getLast().interfaces().getFirst().addresses());
        assertTrue(Files.readString(resolv.file()).contains("nameserver 203.0.113.1\n"), Files.readString(resolv.file()));
    }

    @Test
    void aWanForTunnelsOnlyRoutesJustThePeersAndLeavesDnsToTheMesh() throws Exception {
        List<DesiredState> desired = new ArrayList<>();
        ResolvFile resolv = new ResolvFile(dir.resolve("resolv.conf"));
        InetAddress peer = InetAddress.getByName("198.51.100.7");
        InetAddress peer6 = InetAddress.getByName("2001:db8::7");
        client(desired, resolv, Optional.of(List.of(peer, peer6))).onLine(BOUND);

        // The IPv6 peer has no IPv4 router to go through: only the IPv4 peer gets a route.
        assertEquals(List.of(new DesiredRoute(Cidr.parse("198.51.100.7/32"),
                Optional.of(InetAddress.getByName("203.0.113.1")), Optional.empty())), desired.getLast().routes());
        assertTrue(desired.getLast().routes().stream().noneMatch(r -> r.destination().isDefault()));
        assertTrue(!Files.exists(resolv.file()) || !Files.readString(resolv.file()).contains("203.0.113.1"),
                "the tunnel-only WAN's DNS server became the LAN's upstream");
    }

    private WanClient client(List<DesiredState> desired, ResolvFile resolv, Optional<List<InetAddress>> onlyTo) {
        return new WanClient(Path.of("/bin/busybox"), "eth0", dir, BASE, desired::add, resolv, List.of(), "node",
                up -> { }, ntp -> { }, onlyTo, EventSink.NONE);
    }
}
