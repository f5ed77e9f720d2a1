package org.lowernet.runtime.lifecycle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lowernet.runtime.board.BoardProfile;
import org.lowernet.runtime.config.InterfaceRole;
import org.lowernet.runtime.config.LowernetConfig;
import org.lowernet.runtime.config.TunnelConfig;
import org.lowernet.runtime.config.WanMode;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.DesiredInterface;
import org.lowernet.runtime.net.DesiredRoute;
import org.lowernet.runtime.net.DesiredState;
import org.lowernet.runtime.prefix.MeshLan;
import org.tinylog.Logger;

/**
 * Which interface plays which role, and the kernel state that follows from it. Roles come from
 * lowernet.conf; without any {@code interface.*} keys, from the board's defaults.
 *
 * <p>LAN: up with {@code lan.address} (on a mesh without one, the address of the node's prefix and its IPv6
 * ULA). WAN: up; static mode adds {@code wan.address} and the default route (DHCP mode gets its address and
 * default route from the WAN DHCP client). Mesh: up, with only the kernel's IPv6 link-local address (babel needs
 * no other; the planner never removes link-local addresses). Off: down. A tunnel ({@code tunnel.<name>.*}) is a
 * mesh interface too, named for the tunnel; the tunnels subsystem makes its link and its link-local address.
 *
 * @param tunnels the mesh interfaces that are WireGuard tunnels
 */
public record InterfacePlan(SortedMap<String, InterfaceRole> roles, SortedSet<String> tunnels, DesiredState desired) {

    public InterfacePlan {
        roles = Collections.unmodifiableSortedMap(new TreeMap<>(roles));
        tunnels = Collections.unmodifiableSortedSet(new TreeSet<>(tunnels));
    }

    public static InterfacePlan of(LowernetConfig config, BoardProfile board) {
        return of(config, board, MeshLan.fixed(config.lan()));
    }

    /** The plan with {@code lan} (on a mesh, the LAN of the node's automatic prefix) instead of lan.address. */
    public static InterfacePlan of(LowernetConfig config, BoardProfile board, MeshLan lan) {
        SortedMap<String, InterfaceRole> roles = roles(config, board);
        List<DesiredInterface> interfaces = new ArrayList<>();
        List<DesiredRoute> routes = new ArrayList<>();
        for (Map.Entry<String, InterfaceRole> entry : roles.entrySet()) {
            String name = entry.getKey();
            switch (entry.getValue()) {
                case LAN -> interfaces.add(new DesiredInterface(name, true, Optional.empty(), addresses(lan)));
                case WAN -> {
                    if (config.wan().mode() == WanMode.STATIC) {
                        interfaces.add(new DesiredInterface(name, true, Optional.empty(),
                                Set.of(config.wan().address().orElseThrow())));
                        routes.add(DesiredRoute.defaultVia(config.wan().gateway().orElseThrow().toInetAddress()));
                    } else {
                        interfaces.add(new DesiredInterface(name, true, Optional.empty(), Set.of()));
                    }
                }
                case MESH -> interfaces.add(new DesiredInterface(name, true, Optional.empty(), Set.of()));
                case OFF -> interfaces.add(new DesiredInterface(name, false, Optional.empty(), Set.of()));
            }
        }
        SortedSet<String> tunnels = new TreeSet<>();
        config.tunnels().stream().map(TunnelConfig::name).filter(name -> roles.get(name) == InterfaceRole.MESH)
                .forEach(tunnels::add);
        return new InterfacePlan(roles, tunnels, new DesiredState(interfaces, routes));
    }

    /**
     * The interfaces' roles: lowernet.conf's, or without any interface.* keys the board's defaults; every tunnel a
     * mesh interface.
     */
    static SortedMap<String, InterfaceRole> roles(LowernetConfig config, BoardProfile board) {
        SortedMap<String, InterfaceRole> roles = new TreeMap<>(config.interfaces());
        if (roles.isEmpty()) {
            board.wan().ifPresent(name -> roles.put(name, InterfaceRole.WAN));
            board.lan().ifPresent(name -> roles.put(name, InterfaceRole.LAN));
        }
        // lowernet.conf cannot know the board's port names: a tunnel named like one leaves the port its role (the
        // tunnel then reports that its name is taken).
        config.tunnels().stream().filter(tunnel -> roles.containsKey(tunnel.name())).forEach(tunnel ->
                Logger.error("tunnel {}: the board's {} interface has that name; rename the tunnel", tunnel.name(),
                        roles.get(tunnel.name()).name().toLowerCase(Locale.ROOT)));
        config.tunnels().forEach(tunnel -> roles.putIfAbsent(tunnel.name(), InterfaceRole.MESH));
        return roles;
    }

    /** A LAN interface's addresses: the IPv4 LAN address, and the IPv6 one when the LAN has a ULA /64. */
    static Set<Cidr> addresses(MeshLan lan) {
        Set<Cidr> addresses = new HashSet<>(Set.of(lan.lan().address()));
        lan.ipv6().ifPresent(addresses::add);
        return addresses;
    }

    /** The uplink interface: the first with role wan (in name order), if any. */
    public Optional<String> wan() {
        return roles.entrySet().stream().filter(e -> e.getValue() == InterfaceRole.WAN).map(Map.Entry::getKey)
                .findFirst();
    }

    /** The interfaces with role lan, in name order. */
    public List<String> lans() {
        return roles.entrySet().stream().filter(e -> e.getValue() == InterfaceRole.LAN).map(Map.Entry::getKey)
                .toList();
    }

    /** The interfaces with role mesh (tunnels included), in name order. */
    public List<String> meshes() {
        return roles.entrySet().stream().filter(e -> e.getValue() == InterfaceRole.MESH).map(Map.Entry::getKey)
                .toList();
    }

    /** Interface name to its role as logs and messages write it ("wan"), in name order. */
    public Map<String, String> roleWords() {
        Map<String, String> words = new LinkedHashMap<>();
        roles.forEach((name, role) -> words.put(name, role.name().toLowerCase(Locale.ROOT)));
        return words;
    }
}
