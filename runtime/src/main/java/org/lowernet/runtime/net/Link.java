package org.lowernet.runtime.net;

import java.util.Optional;
import org.lowernet.runtime.net.netlink.LinuxIfLink;

/**
 * A network interface as the kernel reports it (RTM_NEWLINK).
 *
 * @param flags      {@code IFF_*} bits (linux/if.h)
 * @param mac        hardware address as {@code aa:bb:cc:dd:ee:ff}; empty for links without one
 * @param kind       the driver kind from IFLA_LINKINFO (dummy, veth, bridge ...); empty for physical NICs
 */
public record Link(int index, String name, int flags, int mtu, Optional<String> mac, OperState operState,
                   Optional<String> kind, LinkStats stats) {

    /** Administratively up ({@code ip link set up}). */
    public boolean isUp() {
        return (flags & LinuxIfLink.IFF_UP) != 0;
    }

    /** The driver signals carrier. */
    public boolean isLowerUp() {
        return (flags & LinuxIfLink.IFF_LOWER_UP) != 0;
    }

    /** The same link without its traffic counters: what changes when its state changes. */
    public Link withoutStats() {
        return stats.equals(LinkStats.NONE) ? this : new Link(index, name, flags, mtu, mac, operState, kind, LinkStats.NONE);
    }

    /** RFC 2863 operational state, IFLA_OPERSTATE ({@code IF_OPER_*}, linux/if.h). */
    public enum OperState {
        UNKNOWN, NOTPRESENT, DOWN, LOWERLAYERDOWN, TESTING, DORMANT, UP;

        static OperState of(int value) {
            OperState[] all = values();
            return value >= 0 && value < all.length ? all[value] : UNKNOWN;
        }
    }

    /** The first counters of {@code struct rtnl_link_stats64} (IFLA_STATS64). */
    public record LinkStats(long rxPackets, long txPackets, long rxBytes, long txBytes) {
        public static final LinkStats NONE = new LinkStats(0, 0, 0, 0);
    }
}
