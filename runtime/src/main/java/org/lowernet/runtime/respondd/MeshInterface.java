package org.lowernet.runtime.respondd;

import java.net.Inet6Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.ip.Cidr;
import org.tinylog.Logger;

/**
 * A mesh interface as respondd names it: its MAC (nodeinfo's network.mesh) and its link-local address
 * (neighbours' ll-addr, which lets a map tell which node a neighbour's address belongs to).
 */
public record MeshInterface(String name, Optional<String> mac, Optional<String> linkLocal) {

    /**
     * The interfaces {@code names} as the kernel has them now, in the calling thread's network namespace; one
     * that is missing or unreadable is reported without MAC and address rather than left out.
     */
    public static List<MeshInterface> read(List<String> names) {
        List<MeshInterface> found = new ArrayList<>();
        for (String name : names) {
            Optional<String> mac = Optional.empty();
            Optional<String> linkLocal = Optional.empty();
            try {
                NetworkInterface nic = NetworkInterface.getByName(name);
                if (nic != null) {
                    byte[] hardware = nic.getHardwareAddress();
                    if (hardware != null && hardware.length == 6) {
                        mac = Optional.of(HexFormat.ofDelimiter(":").formatHex(hardware));
                    }
                    linkLocal = Collections.list(nic.getInetAddresses()).stream()
                            .filter(a -> a instanceof Inet6Address && a.isLinkLocalAddress()).findFirst()
                            .map(Cidr::text);
                }
            } catch (SocketException e) {
                // Reported as unknown: the answer still tells the rest, and the next request reads again.
                Logger.debug("respondd: cannot read interface {}: {}", name, e.getMessage());
            }
            found.add(new MeshInterface(name, mac, linkLocal));
        }
        return found;
    }
}
