package org.lowernet.runtime.health;

import java.util.List;
import java.util.Optional;

/**
 * The mesh as the reports show it, read afresh for each: babel's router id (nodeinfo), the neighbours with their
 * costs and the gateway in use (statistics). Plain values, so that health needs nothing of the babel package.
 *
 * @param routerId   this node's babel router id; empty until babeld said it
 * @param neighbours the babel neighbours
 * @param gateway    the gateway in use; empty when the mesh offers none
 */
public record MeshState(Optional<String> routerId, List<MeshNeighbour> neighbours, Optional<MeshGateway> gateway) {

    /** A mesh node whose babeld has not answered yet. */
    public static final MeshState UNKNOWN = new MeshState(Optional.empty(), List.of(), Optional.empty());

    public MeshState {
        neighbours = List.copyOf(neighbours);
    }
}
