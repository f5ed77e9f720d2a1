package org.lowernet.runtime.net;

import java.util.Optional;
import java.util.function.Consumer;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;
import org.lowernet.runtime.net.netlink.NetlinkSocket;
import org.lowernet.runtime.net.netlink.NetworkNamespace;

/**
 * The rtnetlink operations on one namespace: {@link #links()}, {@link #addresses()}, {@link #routes()} share
 * one request socket; {@link #subscribe} opens a second socket for notifications.
 */
public final class Rtnetlink implements AutoCloseable {

    /** Every group the reconciler cares about: links, IPv4/IPv6 addresses and routes. */
    public static final int ALL_GROUPS = LinuxRtnetlink.RTMGRP_LINK | LinuxRtnetlink.RTMGRP_IPV4_IFADDR
            | LinuxRtnetlink.RTMGRP_IPV6_IFADDR | LinuxRtnetlink.RTMGRP_IPV4_ROUTE | LinuxRtnetlink.RTMGRP_IPV6_ROUTE;

    private final NetlinkSocket socket;
    private final Optional<NetworkNamespace> namespace;
    private final Links links;
    private final Addresses addresses;
    private final Routes routes;

    private Rtnetlink(NetlinkSocket socket, Optional<NetworkNamespace> namespace) {
        this.socket = socket;
        this.namespace = namespace;
        this.links = new Links(socket);
        this.addresses = new Addresses(socket);
        this.routes = new Routes(socket);
    }

    /** Rtnetlink in the JVM's own network namespace. */
    public static Rtnetlink open() {
        return new Rtnetlink(NetlinkSocket.open(0), Optional.empty());
    }

    /** Rtnetlink in {@code namespace}; the JVM's threads stay where they are. */
    public static Rtnetlink open(NetworkNamespace namespace) throws Exception {
        return new Rtnetlink(NetlinkSocket.open(0, namespace), Optional.of(namespace));
    }

    public Links links() {
        return links;
    }

    public Addresses addresses() {
        return addresses;
    }

    public Routes routes() {
        return routes;
    }

    /** Starts delivering link, address and route events of this namespace to {@code listener}. */
    public EventSubscription subscribe(Consumer<NetEvent> listener) throws Exception {
        NetlinkSocket events = namespace.isPresent()
                ? NetlinkSocket.open(ALL_GROUPS, namespace.get()) : NetlinkSocket.open(ALL_GROUPS);
        return EventSubscription.start(events, listener);
    }

    @Override
    public void close() {
        socket.close();
    }
}
