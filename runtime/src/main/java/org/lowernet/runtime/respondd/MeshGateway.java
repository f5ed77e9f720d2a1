package org.lowernet.runtime.respondd;

/**
 * The uplink this node's traffic to the internet uses, as babel sees it.
 *
 * @param gateway the babel router id (as babeld writes it) of the node that announces the default route in use
 * @param nexthop the link-local address of the neighbour the route goes through
 */
public record MeshGateway(String gateway, String nexthop) {
}
