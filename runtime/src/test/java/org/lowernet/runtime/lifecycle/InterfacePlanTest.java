package org.lowernet.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.board.BoardProfile;
import org.lowernet.runtime.config.ConfigParser;
import org.lowernet.runtime.config.InterfaceRole;
import org.lowernet.runtime.config.LowernetConfig;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.DesiredInterface;
import org.lowernet.runtime.net.DesiredRoute;
import org.lowernet.runtime.prefix.MeshLan;

class InterfacePlanTest {

    private static final BoardProfile PI = new BoardProfile("rpi4", "Pi 4", List.of("Raspberry Pi 4"),
            Optional.of("eth0"), Optional.of("eth1"), new java.util.TreeMap<>(), Optional.empty());

    private static LowernetConfig config(String text) {
        return ConfigParser.parse(text.getBytes(StandardCharsets.UTF_8), "test.conf").config().orElseThrow();
    }

    @Test
    void withoutInterfaceKeysTheBoardDecidesAndWanWaitsForDhcp() {
        InterfacePlan plan = InterfacePlan.of(LowernetConfig.defaults(), PI);

        assertEquals(Map.of("eth0", InterfaceRole.WAN, "eth1", InterfaceRole.LAN), plan.roles());
        assertEquals(List.of("eth0=wan", "eth1=lan"),
                plan.roleWords().entrySet().stream().map(Object::toString).toList(), "in name order");
        assertEquals(List.of(
                new DesiredInterface("eth0", true, Optional.empty(), Set.of()),
                new DesiredInterface("eth1", true, Optional.empty(), Set.of(Cidr.parse("10.42.0.1/24")))),
                plan.desired().interfaces());
        assertEquals(List.of(), plan.desired().routes());
    }

    @Test
    void staticWanGetsItsAddressAndTheDefaultRouteOffInterfacesGoDown() throws Exception {
        InterfacePlan plan = InterfacePlan.of(config("""
                interface.usb0.role = wan
                interface.eth0.role = lan
                interface.wlan0.role = off
                interface.bat0.role = mesh
                lan.address = 192.0.2.1/24
                wan.mode = static
                wan.address = 198.51.100.7/24
                wan.gateway = 198.51.100.1
                wan.dns = 198.51.100.1
                """), PI);

        assertEquals(List.of(
                new DesiredInterface("bat0", true, Optional.empty(), Set.of()),
                new DesiredInterface("eth0", true, Optional.empty(), Set.of(Cidr.parse("192.0.2.1/24"))),
                new DesiredInterface("usb0", true, Optional.empty(), Set.of(Cidr.parse("198.51.100.7/24"))),
                new DesiredInterface("wlan0", false, Optional.empty(), Set.of())),
                plan.desired().interfaces());
        assertEquals(List.of(DesiredRoute.defaultVia(InetAddress.getByName("198.51.100.1"))), plan.desired().routes());
        assertEquals(List.of("bat0"), plan.meshes());
        assertEquals(List.of("eth0"), plan.lans());
    }

    @Test
    void anUnknownBoardWithoutInterfaceKeysConfiguresNothing() {
        InterfacePlan plan = InterfacePlan.of(LowernetConfig.defaults(), BoardProfile.unknown("x"));

        assertEquals(Map.of(), plan.roles());
        assertEquals(List.of(), plan.desired().interfaces());
    }

    @Test
    void anAutomaticMeshLanPutsItsIpv4AndUlaAddressesOnEveryLanInterface() {
        LowernetConfig config = config("interface.eth0.role = wan\ninterface.eth1.role = lan\n"
                + "interface.eth3.role = lan\ninterface.eth2.role = mesh\n");
        MeshLan lan = MeshLan.automatic(Cidr.parse("10.77.3.0/24"), 3, config.lan(), Cidr.parse("fd12:3456:789a::/48"));
        InterfacePlan plan = InterfacePlan.of(config, PI, lan);
        Set<Cidr> both = Set.of(Cidr.parse("10.77.3.1/24"), Cidr.parse("fd12:3456:789a:3::1/64"));
        assertEquals(List.of(
                new DesiredInterface("eth0", true, Optional.empty(), Set.of()),
                new DesiredInterface("eth1", true, Optional.empty(), both),
                new DesiredInterface("eth2", true, Optional.empty(), Set.of()),
                new DesiredInterface("eth3", true, Optional.empty(), both)), plan.desired().interfaces());
        assertEquals(InterfacePlan.of(config, PI), InterfacePlan.of(config, PI, MeshLan.fixed(config.lan())),
                "lowernet.conf's LAN as before");
    }

    @Test
    void theLanDesireKeepsTheLeaseAndPutsTheMovedLanOnTheLanInterfaces() {
        LowernetConfig config = config("interface.eth0.role = wan\ninterface.eth1.role = lan\n"
                + "interface.eth2.role = mesh\n");
        MeshLan first = MeshLan.automatic(Cidr.parse("10.77.3.0/24"), 3, config.lan(), Cidr.parse("fd12::/48"));
        MeshLan moved = MeshLan.automatic(Cidr.parse("10.77.9.0/24"), 9, config.lan(), Cidr.parse("fd12::/48"));
        InterfacePlan plan = InterfacePlan.of(config, PI, first);
        List<org.lowernet.runtime.net.DesiredState> sent = new java.util.ArrayList<>();
        LanDesire desire = new LanDesire(plan.lans(), plan.desired(), InterfacePlan.addresses(first), sent::add);

        org.lowernet.runtime.net.DesiredState leased = new org.lowernet.runtime.net.DesiredState(List.of(
                new DesiredInterface("eth0", true, Optional.empty(), Set.of(Cidr.parse("198.51.100.50/24"))),
                plan.desired().interfaces().get(1), plan.desired().interfaces().get(2)),
                List.of(DesiredRoute.defaultVia(address("198.51.100.1"))));
        desire.desire(leased);
        assertEquals(leased, sent.getLast(), "nothing moved yet: passed as it is");

        desire.lanMoved(InterfacePlan.addresses(moved));
        org.lowernet.runtime.net.DesiredState after = sent.getLast();
        assertEquals(Set.of(Cidr.parse("10.77.9.1/24"), Cidr.parse("fd12:0:0:9::1/64")),
                after.interfaces().get(1).addresses());
        assertEquals(leased.interfaces().get(0), after.interfaces().get(0), "the lease stays");
        assertEquals(leased.routes(), after.routes());

        // The WAN client renews from its base, the plan made at start: the LAN stays moved.
        desire.desire(plan.desired());
        assertEquals(Set.of(Cidr.parse("10.77.9.1/24"), Cidr.parse("fd12:0:0:9::1/64")),
                sent.getLast().interfaces().get(1).addresses());
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aTunnelIsAMeshInterfaceBesideTheBoardsPortsUpWithoutAddressesOfItsOwn() {
        InterfacePlan plan = InterfacePlan.of(config("""
                tunnel.riverside.public_key = hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=
                tunnel.riverside.listen_port = 51820
                """), PI);

        assertEquals(Map.of("eth0", InterfaceRole.WAN, "eth1", InterfaceRole.LAN, "riverside", InterfaceRole.MESH),
                plan.roles());
        assertEquals(List.of("riverside"), plan.meshes());
        assertEquals(Set.of("riverside"), plan.tunnels());
        // Its link-local address is the tunnels subsystem's; the planner never removes link-local addresses.
        assertEquals(new DesiredInterface("riverside", true, Optional.empty(), Set.of()),
                plan.desired().interfaces().getLast());
    }

    @Test
    void aTunnelNamedLikeABoardPortLeavesThePortItsRole() {
        InterfacePlan plan = InterfacePlan.of(config("""
                tunnel.eth1.public_key = hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=
                tunnel.eth1.listen_port = 51820
                """), PI);

        assertEquals(Map.of("eth0", InterfaceRole.WAN, "eth1", InterfaceRole.LAN), plan.roles());
        assertEquals(List.of(), plan.meshes());
        assertEquals(Set.of(), plan.tunnels());
    }
}
