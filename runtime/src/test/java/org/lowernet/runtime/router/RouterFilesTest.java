package org.lowernet.runtime.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.config.LanConfig;
import org.lowernet.runtime.ip.Cidr;

/** The generated dnsmasq.conf and nftables ruleset (golden), and the lease lines udhcpc's script prints. */
class RouterFilesTest {

    @Test
    void dnsmasqConfigServesTheLanOnlyWithTheConfiguredPoolAndDomain() {
        String text = new DnsmasqConfig(List.of("lan0"), Optional.of("wan0"), LanConfig.defaults(),
                Path.of("/data/lowernet/dnsmasq.leases"), Path.of("/run/lowernet/resolv.conf"), false).text();
        assertEquals("""
                # Written by lowernet from lowernet.conf at every start; edits here are lost.
                interface=lan0
                except-interface=wan0
                bind-interfaces
                dhcp-authoritative
                dhcp-range=10.42.0.100,10.42.0.199,255.255.255.0,43200
                dhcp-option=option:router,10.42.0.1
                dhcp-option=option:dns-server,10.42.0.1
                dhcp-leasefile=/data/lowernet/dnsmasq.leases
                domain=lan
                local=/lan/
                expand-hosts
                domain-needed
                bogus-priv
                resolv-file=/run/lowernet/resolv.conf
                cache-size=1000
                log-dhcp
                """, text);
        assertEquals("255.255.240.0", DnsmasqConfig.mask(20));

        String automatic = new DnsmasqConfig(List.of("lan0", "lan1"), Optional.of("wan0"), LanConfig.defaults(),
                Path.of("/data/lowernet/dnsmasq.leases"), Path.of("/run/lowernet/resolv.conf"), true).text();
        assertTrue(automatic.contains("\nbind-dynamic\n") && !automatic.contains("bind-interfaces"), automatic);
        assertTrue(automatic.contains("""
                dhcp-range=10.42.0.100,10.42.0.199,255.255.255.0,43200
                enable-ra
                dhcp-range=::,constructor:lan0,ra-only,64,43200
                dhcp-range=::,constructor:lan1,ra-only,64,43200
                dhcp-option=option:router,10.42.0.1
                """), automatic);
        assertEquals("255.255.255.248", DnsmasqConfig.mask(29));

        String mesh = new DnsmasqConfig(List.of("lan0"), Optional.empty(), LanConfig.defaults(),
                Path.of("/data/lowernet/dnsmasq.leases"), Path.of("/run/lowernet/resolv.conf"), true,
                Optional.of(new DnsmasqConfig.MeshNames("mesh", Path.of("/run/lowernet/mesh-hosts"),
                        Path.of("/run/lowernet/mesh-servers"), List.of("mesh0")))).text();
        assertTrue(mesh.contains("""
                expand-hosts
                interface=mesh0
                no-dhcp-interface=mesh0
                local=/mesh/
                hostsdir=/run/lowernet/mesh-hosts
                servers-file=/run/lowernet/mesh-servers
                """), mesh);
    }

    @Test
    void theRulesetDropsByDefaultAndForwardsLanToWanOnly() {
        assertEquals("""
                # Written by lowernet from lowernet.conf; loaded with nft -f as one transaction.
                table inet lowernet {
                }
                delete table inet lowernet
                table inet lowernet {
                \tchain input {
                \t\ttype filter hook input priority filter; policy drop;
                \t\tiif "lo" accept
                \t\tct state established,related accept
                \t\tct state invalid drop
                \t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-advert } accept
                \t\tiifname "wan0" udp sport 67 udp dport 68 accept
                \t\tiifname "lan0" udp dport 67 accept
                \t\tiifname "lan0" meta l4proto { tcp, udp } th dport 53 accept
                \t\tiifname "lan0" meta l4proto { icmp, ipv6-icmp } accept
                \t\tiifname "lan0" tcp dport 22 accept
                \t}
                \tchain forward {
                \t\ttype filter hook forward priority filter; policy drop;
                \t\tct state established,related accept
                \t\tiifname "lan0" oifname "wan0" accept
                \t}
                \tchain postrouting {
                \t\ttype nat hook postrouting priority srcnat; policy accept;
                \t\toifname "wan0" masquerade
                \t}
                }
                """, new NftRuleset(List.of("lan0"), Optional.of("wan0"), true).text());
        String noWan = new NftRuleset(List.of("lan0"), Optional.empty(), false).text();
        assertTrue(!noWan.contains("dport 22") && !noWan.contains("masquerade") && !noWan.contains("oifname"), noWan);
    }

    @Test
    void theReadBackComparesChainsPoliciesAndRuleCounts() {
        NftRuleset ruleset = new NftRuleset(List.of("lan0"), Optional.of("wan0"), false);
        String chain = "{\"chain\": {\"family\": \"inet\", \"table\": \"lowernet\", \"name\": \"%s\", \"handle\": 1,"
                + " \"type\": \"filter\", \"hook\": \"%s\", \"prio\": 0, \"policy\": \"%s\"}}";
        String rule = "{\"rule\": {\"family\": \"inet\", \"table\": \"lowernet\", \"chain\": \"%s\", \"handle\": 9,"
                + " \"expr\": [{\"match\": {\"op\": \"==\", \"left\": {\"meta\": {\"key\": \"iif\"}}, \"right\": \"lo\"}}]}}";
        StringBuilder json = new StringBuilder("{\"nftables\": [");
        json.append(chain.formatted("input", "input", "accept")).append(',');
        json.append(chain.formatted("forward", "forward", "drop")).append(',');
        for (int i = 0; i < 8; i++) {
            json.append(rule.formatted("input")).append(',');
        }
        json.append(rule.formatted("forward")).append("]}");
        assertEquals(List.of("chain input: hook input, policy accept instead of hook input, policy drop",
                "chain forward: 1 rules instead of 2", "chain postrouting is missing"),
                ruleset.differences(json.toString()));
    }

    @Test
    void aReadBackThatIsNotNftsJsonIsAnErrorNotAPass() {
        NftRuleset ruleset = new NftRuleset(List.of("lan0"), Optional.of("wan0"), false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ruleset.differences("Error: No such table"))
                .getMessage().startsWith("nft -j printed no JSON"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ruleset.differences("{\"table\": []}"))
                .getMessage().contains("without the nftables array"));
        assertEquals(List.of("chain input is missing", "chain forward is missing", "chain postrouting is missing"),
                ruleset.differences("{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\"}}]}"));
    }

    @Test
    void leaseLinesAreParsedAndOtherLinesIgnored() throws Exception {
        Lease bound = Lease.parse("lowernet-lease bound ip=198.51.100.57 mask=24 router=198.51.100.1,198.51.100.2"
                + " dns=198.51.100.1 lease=120 ntp=198.51.100.123,198.51.100.124").orElseThrow();
        assertEquals(Lease.Event.BOUND, bound.event());
        assertEquals(Optional.of(Cidr.parse("198.51.100.57/24")), bound.address());
        assertEquals(List.of(InetAddress.ofLiteral("198.51.100.1"), InetAddress.ofLiteral("198.51.100.2")),
                bound.routers());
        assertEquals(List.of(InetAddress.ofLiteral("198.51.100.1")), bound.dns());
        assertEquals(Optional.of(Duration.ofSeconds(120)), bound.lease());
        assertEquals(List.of(InetAddress.ofLiteral("198.51.100.123"), InetAddress.ofLiteral("198.51.100.124")),
                bound.ntp());
        assertTrue(bound.holds());

        Lease lost = Lease.parse("lowernet-lease deconfig ip= mask= router= dns= lease=").orElseThrow();
        assertEquals(Lease.Event.DECONFIG, lost.event());
        assertTrue(lost.address().isEmpty() && lost.routers().isEmpty() && lost.ntp().isEmpty() && !lost.holds());

        assertEquals(Optional.empty(), Lease.parse("udhcpc: sending discover"));
        assertThrows(IllegalArgumentException.class, () -> Lease.parse("lowernet-lease bound ip=example.org mask=24"));
        assertThrows(IllegalArgumentException.class, () -> Lease.parse("lowernet-lease bound ip=198.51.100.5 mask=40"));
        assertThrows(IllegalArgumentException.class, () -> Lease.parse("lowernet-lease renewed ip=198.51.100.5"));
    }

    @Test
    void theScriptPrintsCommaSeparatedLists() {
        String script = WanClient.script(Path.of("/usr/bin/busybox"));
        assertTrue(script.startsWith("#!/usr/bin/busybox sh\n"), script);
        assertTrue(script.contains("echo \"lowernet-lease $1 ip=$ip mask=$mask router=${r// /,} dns=${d// /,}"
                + " lease=$lease ntp=${n// /,}\""), script);
    }
}
