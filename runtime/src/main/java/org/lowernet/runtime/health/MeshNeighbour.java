package org.lowernet.runtime.health;

/**
 * A babel neighbour as the reports show it (MQTT's statistics, respondd's neighbours): heard on {@code iface}
 * from the link-local {@code address}, at babel's link cost (96 on a good wired link; 65535 is unreachable).
 */
public record MeshNeighbour(String iface, String address, int cost) {
}
