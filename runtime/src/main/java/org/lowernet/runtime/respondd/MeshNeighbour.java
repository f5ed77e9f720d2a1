package org.lowernet.runtime.respondd;

/**
 * A babel neighbour as respondd reports it: heard on {@code iface} from the link-local {@code address}, at
 * babel's link cost (96 on a good wired link; 65535 is unreachable).
 */
public record MeshNeighbour(String iface, String address, int cost) {
}
