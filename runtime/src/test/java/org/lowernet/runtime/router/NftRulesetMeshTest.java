package org.lowernet.runtime.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The mesh's rules; MeshIT proves them in the kernel with real traffic. */
class NftRulesetMeshTest {

    private static final List<String> MESH_INPUT = List.of(
            "iifname { \"eth2\", \"eth3\" } ip6 saddr fe80::/10 udp dport 6696 accept",
            "iifname { \"eth2\", \"eth3\" } meta l4proto { tcp, udp } th dport 53 accept",
            "iifname { \"eth2\", \"eth3\" } meta l4proto { icmp, ipv6-icmp } accept",
            "iifname { \"eth2\", \"eth3\" } udp dport 1001 accept",
            "iifname { \"eth2\", \"eth3\" } tcp dport 22 accept");

    @Test
    void theMeshGetsBabelDnsIcmpResponddAndSshAndIsForwardedEverywhereButInFromTheWan() {
        NftRuleset ruleset = new NftRuleset(List.of("eth1"), List.of("eth2", "eth3"), Optional.of("eth0"), true, false);

        List<String> input = ruleset.chains().get("input").rules();
        assertEquals(MESH_INPUT, input.subList(input.size() - MESH_INPUT.size(), input.size()));
        assertEquals(List.of("ct state established,related accept",
                "iifname \"eth1\" oifname \"eth0\" accept",
                "iifname { \"eth2\", \"eth3\" } oifname { \"eth2\", \"eth3\" } accept",
                "iifname \"eth1\" oifname { \"eth2\", \"eth3\" } accept",
                "iifname { \"eth2\", \"eth3\" } oifname \"eth1\" accept",
                "iifname { \"eth2\", \"eth3\" } oifname \"eth0\" accept"), ruleset.chains().get("forward").rules());
        // NAT only where traffic leaves through the WAN, whatever its source: the mesh's traffic too.
        assertEquals(List.of("oifname \"eth0\" masquerade"), ruleset.chains().get("postrouting").rules());
        assertTrue(ruleset.text().contains("\t\tiifname { \"eth2\", \"eth3\" } oifname \"eth0\" accept\n"));
    }

    @Test
    void isolatedTheMeshGetsOnlyRepliesFromTheLanWhichStillReachesTheMeshAndTheUplink() {
        NftRuleset ruleset = new NftRuleset(List.of("eth1"), List.of("eth2"), Optional.of("eth0"), false, true);

        List<String> forward = ruleset.chains().get("forward").rules();
        assertEquals(List.of("ct state established,related accept",
                "iifname \"eth1\" oifname \"eth0\" accept",
                "iifname \"eth2\" oifname \"eth2\" accept",
                "iifname \"eth1\" oifname \"eth2\" accept",
                "iifname \"eth2\" oifname \"eth0\" accept"), forward);
        assertTrue(ruleset.chains().get("input").rules().stream().noneMatch(r -> r.contains("dport 22")));
    }

    @Test
    void aMeshNodeWithoutUplinkOrLanStillForwardsBetweenItsMeshLinks() {
        NftRuleset ruleset = new NftRuleset(List.of(), List.of("eth0", "eth1"), Optional.empty(), false, false);

        assertEquals(List.of("ct state established,related accept",
                "iifname { \"eth0\", \"eth1\" } oifname { \"eth0\", \"eth1\" } accept"),
                ruleset.chains().get("forward").rules());
        assertEquals(List.of(), ruleset.chains().get("postrouting").rules());
    }

    @Test
    void withoutMeshInterfacesTheRulesetIsTheRoutersAsBefore() {
        assertEquals(new NftRuleset(List.of("lan0"), Optional.of("wan0"), true).text(),
                new NftRuleset(List.of("lan0"), List.of(), Optional.of("wan0"), true, false).text());
        assertTrue(!new NftRuleset(List.of("lan0"), Optional.of("wan0"), true).text().contains("6696"));
    }

    @Test
    void theWanOpensExactlyTheTunnelsListenPortsAndATunnelIsAMeshInterface() {
        NftRuleset without = new NftRuleset(List.of("eth1"), List.of("eth2", "riverside"), Optional.of("eth0"), false,
                false);
        NftRuleset one = new NftRuleset(List.of("eth1"), List.of("eth2", "riverside"), Optional.of("eth0"), false,
                false, new TreeSet<>(Set.of(51820)));
        NftRuleset two = new NftRuleset(List.of("eth1"), List.of("eth2", "riverside", "town"), Optional.of("eth0"),
                false, false, new TreeSet<>(Set.of(51821, 51820)));

        List<String> added = new ArrayList<>(one.chains().get("input").rules());
        added.removeAll(without.chains().get("input").rules());
        assertEquals(List.of("iifname \"eth0\" udp dport 51820 accept"), added);
        assertTrue(two.chains().get("input").rules().contains("iifname \"eth0\" udp dport { 51820, 51821 } accept"));
        assertEquals(without.chains().get("forward"), one.chains().get("forward"), "a tunnel forwards as any mesh link");
        // Without a WAN there is nowhere to open the port: the tunnels then run over another route (none here).
        assertTrue(new NftRuleset(List.of("eth1"), List.of("riverside"), Optional.empty(), false, false,
                new TreeSet<>(Set.of(51820))).chains().get("input").rules().stream().noneMatch(r -> r.contains("51820")));
    }
}
