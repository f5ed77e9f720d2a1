package org.lowernet.runtime.health;

import java.util.Optional;

/**
 * The uplink this node's traffic to the internet uses, as babel sees it: another router's, reached through a
 * neighbour, or this node's own ({@link #SELF}).
 *
 * @param router        the babel router id (as babeld writes it) of the node that announces the default route in
 *                      use, or {@value #SELF}
 * @param via           the link-local address of the neighbour the route goes through; empty for {@value #SELF}
 * @param interfaceName the mesh interface that neighbour is on; empty for {@value #SELF}
 */
public record MeshGateway(String router, Optional<String> via, Optional<String> interfaceName) {

    /** The router word for this node's own uplink. */
    public static final String SELF = "self";

    /** This node's own uplink is the one in use (and announced to the mesh). */
    public static MeshGateway self() {
        return new MeshGateway(SELF, Optional.empty(), Optional.empty());
    }

    /** Another router's default route, installed through the neighbour {@code via} on {@code interfaceName}. */
    public static MeshGateway through(String router, String via, String interfaceName) {
        return new MeshGateway(router, Optional.of(via), Optional.of(interfaceName));
    }

    public boolean own() {
        return router.equals(SELF);
    }
}
