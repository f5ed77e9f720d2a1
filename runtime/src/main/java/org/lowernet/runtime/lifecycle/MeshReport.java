package org.lowernet.runtime.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.health.MeshGateway;
import org.lowernet.runtime.health.MeshNeighbour;
import org.lowernet.runtime.health.MeshState;
import org.lowernet.runtime.mesh.MeshView;
import org.lowernet.runtime.prefix.MeshLan;

/** Babel's view and the LAN as the health reports (MQTT, respondd) show them: plain values, so health needs neither. */
final class MeshReport {

    private MeshReport() {
    }

    /**
     * The neighbours with their costs, and the gateway: {@code self} while this node announces its
     * own uplink (lowernet's default route then wins over babel's in the kernel), else babel's default route in use.
     */
    static MeshState of(MeshView view) {
        Optional<MeshGateway> gateway = view.announcesDefault() ? Optional.of(MeshGateway.self())
                : view.gateway().map(r -> MeshGateway.through(r.originator().toString(), r.via(), r.interfaceName()));
        List<MeshNeighbour> neighbours = view.neighbours().stream()
                .map(n -> new MeshNeighbour(n.interfaceName(), n.address(), n.cost())).toList();
        return new MeshState(neighbours, gateway);
    }

    /** The LAN's prefixes: the IPv4 subnet, and the ULA /64 of an automatic prefix. */
    static List<String> prefixes(MeshLan lan) {
        List<String> out = new ArrayList<>(List.of(lan.prefix().subnet()));
        lan.ipv6().ifPresent(a -> out.add(a.subnet()));
        return out;
    }
}
