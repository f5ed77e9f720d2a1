package org.lowernet.runtime.prefix;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.lowernet.runtime.config.Ipv4;
import org.lowernet.runtime.config.LanConfig;
import org.lowernet.runtime.ip.Cidr;

/**
 * The LAN as this node serves it: the IPv4 LAN (address, DHCP range, lease, domain) and, for an automatic prefix,
 * the LAN's IPv6 address in the site's ULA.
 *
 * @param lan  what dnsmasq, SSH and the interface plan use instead of lowernet.conf's LAN
 * @param ipv6 the router's address ::1 in the LAN's /64, announced to clients by router advertisements; present
 *             exactly for an automatic prefix
 */
public record MeshLan(LanConfig lan, Optional<Cidr> ipv6) {

    /** The largest IPv6 subnet id of a /48: the pool may hold at most this many prefixes plus one. */
    public static final long MAX_SUBNET_ID = 0xFFFF;

    /** The LAN as lowernet.conf gives it (an explicit lan.address): nothing derived. */
    public static MeshLan fixed(LanConfig lan) {
        return new MeshLan(lan, Optional.empty());
    }

    /**
     * The LAN of an automatic prefix: the router is its first host, the DHCP range the default one for it (lease
     * and domain as configured), and the IPv6 /64 is subnet {@code slot} of the site's ULA /48. The slot is the
     * prefix's place in the pool, so two nodes with different IPv4 prefixes never share a /64: the IPv4 rule is
     * what keeps both unique.
     */
    public static MeshLan automatic(Cidr prefix, long slot, LanConfig configured, Cidr ula) {
        if (slot < 0 || slot > MAX_SUBNET_ID) {
            throw new IllegalArgumentException("slot " + slot + " of " + prefix + " does not fit a /64 subnet id of "
                    + ula.subnet() + " (0 to " + MAX_SUBNET_ID + ")");
        }
        Cidr router = new Cidr(Ipv4.of(prefix.network()).plus(1).toInetAddress(), prefix.prefixLength());
        LanConfig lan = new LanConfig(router, LanConfig.defaultRange(router), configured.dhcpLease(),
                configured.domain());
        byte[] address = ula.network().getAddress();
        address[6] = (byte) (slot >>> 8);
        address[7] = (byte) slot;
        address[15] = 1;
        try {
            return new MeshLan(lan, Optional.of(new Cidr(InetAddress.getByAddress(address), 64)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    /** Whether the LAN follows the node's mesh prefix (else it is lowernet.conf's, fixed). */
    public boolean automatic() {
        return ipv6.isPresent();
    }

    /** The IPv4 LAN subnet, 10.77.3.0/24. */
    public Cidr prefix() {
        return new Cidr(lan.address().network(), lan.address().prefixLength());
    }

    /** For logs: "10.77.3.1/24 (dhcp 10.77.3.100-10.77.3.199), fd..:3::1/64". */
    public String describe() {
        return lan.address() + " (dhcp " + lan.dhcpRange() + ")" + ipv6.map(a -> ", " + a).orElse("");
    }
}
