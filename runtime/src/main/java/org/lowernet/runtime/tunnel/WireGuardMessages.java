package org.lowernet.runtime.tunnel;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.net.netlink.Attribute;
import org.lowernet.runtime.net.netlink.Attributes;
import org.lowernet.runtime.net.netlink.GenlMsgHdr;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;
import org.lowernet.runtime.net.netlink.MessageWriter;
import org.lowernet.runtime.net.netlink.NetlinkDecodeException;
import org.lowernet.runtime.net.netlink.NetlinkMessage;
import org.lowernet.runtime.wgkey.WgPublicKey;

/** The WireGuard family's requests and replies (linux/wireguard.h), pure: bytes in, bytes or values out. */
final class WireGuardMessages {

    private WireGuardMessages() {
    }

    /**
     * WG_CMD_SET_DEVICE as {@link DeviceSettings} say: key, port, REPLACE_PEERS and the one peer with
     * REPLACE_ALLOWEDIPS, its endpoint when known, its keepalive, allowed IPs 0.0.0.0/0 and ::/0.
     */
    static MessageWriter setDevice(int family, DeviceSettings settings) {
        MessageWriter request = header(family, LinuxWireGuard.CMD_SET_DEVICE)
                .attributeString(LinuxWireGuard.DEVICE_A_IFNAME, settings.name())
                .attribute(LinuxWireGuard.DEVICE_A_PRIVATE_KEY, settings.privateKey().bytes());
        settings.listenPort().ifPresent(port -> request.attributeU16(LinuxWireGuard.DEVICE_A_LISTEN_PORT, port));
        request.attributeU32(LinuxWireGuard.DEVICE_A_FLAGS, LinuxWireGuard.DEVICE_F_REPLACE_PEERS);
        int peers = request.beginNested(LinuxWireGuard.DEVICE_A_PEERS);
        int peer = request.beginNested(0);
        request.attribute(LinuxWireGuard.PEER_A_PUBLIC_KEY, settings.peer().bytes())
                .attributeU32(LinuxWireGuard.PEER_A_FLAGS, LinuxWireGuard.PEER_F_REPLACE_ALLOWEDIPS);
        settings.endpoint().ifPresent(e -> request.attribute(LinuxWireGuard.PEER_A_ENDPOINT, sockaddr(e)));
        request.attributeU16(LinuxWireGuard.PEER_A_PERSISTENT_KEEPALIVE_INTERVAL, (int) settings.keepalive().toSeconds());
        int allowed = request.beginNested(LinuxWireGuard.PEER_A_ALLOWEDIPS);
        allowEverything(request, 0, LinuxRtnetlink.AF_INET, 4);
        allowEverything(request, 1, LinuxRtnetlink.AF_INET6, 16);
        return request.endNested(allowed).endNested(peer).endNested(peers);
    }

    /**
     * WG_CMD_SET_DEVICE changing only the peer's endpoint (UPDATE_ONLY, no REPLACE_PEERS): the session and its
     * handshake stay, unlike a {@link #setDevice} which replaces the peer.
     */
    static MessageWriter setEndpoint(int family, String name, WgPublicKey peerKey, InetSocketAddress endpoint) {
        MessageWriter request = header(family, LinuxWireGuard.CMD_SET_DEVICE)
                .attributeString(LinuxWireGuard.DEVICE_A_IFNAME, name);
        int peers = request.beginNested(LinuxWireGuard.DEVICE_A_PEERS);
        int peer = request.beginNested(0);
        return request.attribute(LinuxWireGuard.PEER_A_PUBLIC_KEY, peerKey.bytes())
                .attributeU32(LinuxWireGuard.PEER_A_FLAGS, LinuxWireGuard.PEER_F_UPDATE_ONLY)
                .attribute(LinuxWireGuard.PEER_A_ENDPOINT, sockaddr(endpoint))
                .endNested(peer).endNested(peers);
    }

    /** WG_CMD_GET_DEVICE (sent as a dump) for the interface called {@code name}. */
    static MessageWriter getDevice(int family, String name) {
        return header(family, LinuxWireGuard.CMD_GET_DEVICE).attributeString(LinuxWireGuard.DEVICE_A_IFNAME, name);
    }

    /**
     * The state in the parts of a GET_DEVICE dump: the device's attributes come in the first part, its peers may be
     * spread over several. The private key the kernel sends back is not read.
     */
    static TunnelState decodeDevice(String name, List<NetlinkMessage> parts) {
        Optional<Integer> listenPort = Optional.empty();
        List<Attribute> peers = new ArrayList<>();
        for (NetlinkMessage part : parts) {
            GenlMsgHdr header = GenlMsgHdr.read(part);
            if (header.command() != LinuxWireGuard.CMD_GET_DEVICE) {
                throw new NetlinkDecodeException("wireguard " + name + ": expected WG_CMD_GET_DEVICE ("
                        + LinuxWireGuard.CMD_GET_DEVICE + "), found command " + header.command());
            }
            Attributes attributes = GenlMsgHdr.attributes(part);
            Optional<String> reported = attributes.get(LinuxWireGuard.DEVICE_A_IFNAME).map(Attribute::string);
            if (reported.isPresent() && !reported.get().equals(name)) {
                throw new NetlinkDecodeException("wireguard: asked for " + name + ", the kernel answered for "
                        + reported.get());
            }
            if (listenPort.isEmpty()) {
                listenPort = attributes.get(LinuxWireGuard.DEVICE_A_LISTEN_PORT).map(Attribute::u16);
            }
            attributes.get(LinuxWireGuard.DEVICE_A_PEERS).ifPresent(a -> peers.addAll(a.attributes().all()));
        }
        if (parts.isEmpty()) {
            throw new NetlinkDecodeException("wireguard " + name + ": the kernel's answer has no device");
        }
        int port = listenPort.orElse(0);
        if (peers.isEmpty()) {
            return new TunnelState(name, port, Optional.empty(), Optional.empty(), 0, 0);
        }
        // One peer per interface (REPLACE_PEERS); should a person have added more, the first is the configured one.
        Attributes peer = peers.getFirst().attributes();
        Optional<InetSocketAddress> endpoint = peer.get(LinuxWireGuard.PEER_A_ENDPOINT).map(WireGuardMessages::sockaddr);
        Optional<Instant> handshake = peer.get(LinuxWireGuard.PEER_A_LAST_HANDSHAKE_TIME).flatMap(a -> {
            ByteBuffer b = a.atLeast(16, "__kernel_timespec");
            long seconds = b.getLong();
            long nanos = b.getLong();
            return seconds == 0 && nanos == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(seconds, nanos));
        });
        return new TunnelState(name, port, endpoint, handshake,
                peer.get(LinuxWireGuard.PEER_A_RX_BYTES).map(Attribute::u64).orElse(0L),
                peer.get(LinuxWireGuard.PEER_A_TX_BYTES).map(Attribute::u64).orElse(0L));
    }

    /** {@code struct sockaddr_in} or {@code sockaddr_in6}: family in host order, port and address in network order. */
    static byte[] sockaddr(InetSocketAddress endpoint) {
        InetAddress address = endpoint.getAddress();
        if (address instanceof Inet4Address) {
            return ByteBuffer.allocate(LinuxWireGuard.SOCKADDR_IN_SIZE).order(ByteOrder.nativeOrder())
                    .putShort((short) LinuxRtnetlink.AF_INET).order(ByteOrder.BIG_ENDIAN)
                    .putShort((short) endpoint.getPort()).put(address.getAddress()).array();
        }
        Inet6Address v6 = (Inet6Address) address;
        return ByteBuffer.allocate(LinuxWireGuard.SOCKADDR_IN6_SIZE).order(ByteOrder.nativeOrder())
                .putShort((short) LinuxRtnetlink.AF_INET6).order(ByteOrder.BIG_ENDIAN)
                .putShort((short) endpoint.getPort()).putInt(0).put(v6.getAddress())
                .order(ByteOrder.nativeOrder()).putInt(v6.getScopeId()).array();
    }

    static InetSocketAddress sockaddr(Attribute attribute) {
        ByteBuffer b = attribute.atLeast(2, "sockaddr");
        int family = Short.toUnsignedInt(b.getShort());
        b.order(ByteOrder.BIG_ENDIAN);
        try {
            if (family == LinuxRtnetlink.AF_INET && attribute.value().length == LinuxWireGuard.SOCKADDR_IN_SIZE) {
                int port = Short.toUnsignedInt(b.getShort());
                byte[] address = new byte[4];
                b.get(address);
                return new InetSocketAddress(InetAddress.getByAddress(address), port);
            }
            if (family == LinuxRtnetlink.AF_INET6 && attribute.value().length == LinuxWireGuard.SOCKADDR_IN6_SIZE) {
                int port = Short.toUnsignedInt(b.getShort());
                b.getInt(); // flow info
                byte[] address = new byte[16];
                b.get(address);
                int scope = b.order(ByteOrder.nativeOrder()).getInt();
                return new InetSocketAddress(Inet6Address.getByAddress(null, address, scope), port);
            }
        } catch (UnknownHostException e) {
            throw new NetlinkDecodeException("wireguard endpoint: " + e.getMessage());
        }
        throw new NetlinkDecodeException("wireguard endpoint: " + attribute.value().length
                + " bytes of address family " + family + " is neither a sockaddr_in (16) nor a sockaddr_in6 (28)");
    }

    private static MessageWriter header(int family, int command) {
        return new GenlMsgHdr(command, LinuxWireGuard.GENL_VERSION).request(family, 0);
    }

    /** One allowed IP: the whole address family ({@code 0.0.0.0/0} or {@code ::/0}). */
    private static void allowEverything(MessageWriter request, int index, int addressFamily, int addressBytes) {
        int entry = request.beginNested(index);
        request.attributeU16(LinuxWireGuard.ALLOWEDIP_A_FAMILY, addressFamily)
                .attribute(LinuxWireGuard.ALLOWEDIP_A_IPADDR, new byte[addressBytes])
                .attributeU8(LinuxWireGuard.ALLOWEDIP_A_CIDR_MASK, 0)
                .endNested(entry);
    }
}
