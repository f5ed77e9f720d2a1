package org.lowernet.runtime.config;

/** What the mesh may open towards this node's LAN, from mesh.policy. */
public enum MeshPolicy {
    /** Mesh and LAN forward freely to each other: one internet. */
    OPEN,
    /** The mesh gets only replies from this LAN; the LAN still reaches the mesh and the uplinks. */
    ISOLATED
}
