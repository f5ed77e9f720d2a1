package org.lowernet.runtime.health;

import java.util.List;
import java.util.Optional;

/**
 * Babel's part of the statistics, read afresh for each: the neighbours with their costs and the gateway in use.
 * Plain values, so that health needs nothing of the babel package.
 *
 * @param neighbours the babel neighbours
 * @param gateway    the gateway in use; empty when the mesh offers none
 */
public record MeshState(List<MeshNeighbour> neighbours, Optional<MeshGateway> gateway) {

    /** No neighbour and no gateway: babeld alone, or not answering yet. */
    public static final MeshState EMPTY = new MeshState(List.of(), Optional.empty());

    public MeshState {
        neighbours = List.copyOf(neighbours);
    }
}
