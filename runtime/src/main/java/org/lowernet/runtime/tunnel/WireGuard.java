package org.lowernet.runtime.tunnel;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.Addresses;
import org.lowernet.runtime.net.Link;
import org.lowernet.runtime.net.Links;
import org.lowernet.runtime.net.Rtnetlink;
import org.lowernet.runtime.net.netlink.Errno;
import org.lowernet.runtime.net.netlink.GenericNetlink;
import org.lowernet.runtime.net.netlink.NetlinkException;
import org.lowernet.runtime.wgkey.WgPublicKey;

/**
 * The kernel's WireGuard, without the {@code wg} program: interfaces made and removed over rtnetlink (kind
 * {@code wireguard}), set and read over the generic netlink family {@code wireguard}. The family is resolved at the
 * first use; a kernel without it makes every call but {@link #deleteLink} a {@link WireGuardUnavailableException}.
 */
public final class WireGuard implements AutoCloseable {

    private final GenericNetlink genl;
    private final Links links;
    private final Addresses addresses;
    private Integer family;

    public WireGuard(GenericNetlink genl, Rtnetlink rtnetlink) {
        this.genl = genl;
        this.links = rtnetlink.links();
        this.addresses = rtnetlink.addresses();
    }

    /** WireGuard in the JVM's namespace, its links through {@code rtnetlink} (the daemon's request socket). */
    public static WireGuard open(Rtnetlink rtnetlink) {
        return new WireGuard(GenericNetlink.open(), rtnetlink);
    }

    /** Throws {@link WireGuardUnavailableException} when the kernel has no WireGuard. */
    public synchronized void requireKernelSupport() {
        family();
    }

    /**
     * Makes the interface {@code name} of kind wireguard; one of that kind already there is used as it is (a runtime
     * restarted by init finds its own). Returns whether it was made here.
     *
     * @throws IllegalStateException when a link of another kind has the name
     */
    public boolean createLink(String name) {
        requireKernelSupport();
        Optional<Link> existing = links.get(name);
        if (existing.isPresent()) {
            String kind = existing.get().kind().orElse("physical");
            if (!kind.equals(LinuxWireGuard.LINK_KIND)) {
                throw new IllegalStateException("tunnel " + name + ": the interface " + name + " exists and is a "
                        + kind + " link, not wireguard: name the tunnel differently (tunnel.<name>)");
            }
            return false;
        }
        links.add(name, LinuxWireGuard.LINK_KIND);
        return true;
    }

    /** Sets the interface to {@code settings}: its key, its port, its one peer (replacing any other). */
    public void configure(DeviceSettings settings) {
        genl.request("setting wireguard " + settings.name() + " (peer " + settings.peer() + ")",
                WireGuardMessages.setDevice(family(), settings));
    }

    /** Points the peer {@code peer} of {@code name} at {@code endpoint}, keeping its session. */
    public void updateEndpoint(String name, WgPublicKey peer, InetSocketAddress endpoint) {
        genl.request("setting the endpoint of wireguard " + name + " to " + endpoint,
                WireGuardMessages.setEndpoint(family(), name, peer, endpoint));
    }

    /** The interface's port, its peer's endpoint, last handshake and bytes (WG_CMD_GET_DEVICE). */
    public TunnelState state(String name) {
        return WireGuardMessages.decodeDevice(name, genl.dump("reading wireguard " + name,
                WireGuardMessages.getDevice(family(), name)));
    }

    /** Sets the interface up and gives it {@code address} (kept when it has it already). */
    public void up(String name, Cidr address) {
        Link link = links.get(name).orElseThrow(() -> new IllegalStateException("tunnel " + name
                + ": the interface disappeared while it was set up"));
        links.setUp(link, true);
        try {
            addresses.add(link, address);
        } catch (NetlinkException e) {
            if (e.errno().number() != Errno.EEXIST) {
                throw e;
            }
        }
    }

    /** Removes the interface {@code name}; nothing when there is none. */
    public void deleteLink(String name) {
        links.get(name).ifPresent(link -> links.delete(link.index(), link.name()));
    }

    private synchronized int family() {
        if (family == null) {
            family = genl.family(LinuxWireGuard.GENL_NAME).map(GenericNetlink.Family::id)
                    .orElseThrow(WireGuardUnavailableException::new);
        }
        return family;
    }

    @Override
    public void close() {
        genl.close();
    }
}
