package org.lowernet.runtime.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.ip.Cidr;

class BabelConfigTest {

    private static final RouterId ID = RouterId.fromMac("b8:27:eb:12:34:56");
    private static final Optional<InetAddress> SOURCE = Optional.of(Cidr.parse("10.77.4.1/24").address());

    @Test
    void secondsAreWrittenWithoutTrailingZeros() {
        assertEquals("1", BabelConfig.seconds(Duration.ofSeconds(1)));
        assertEquals("0.5", BabelConfig.seconds(Duration.ofMillis(500)));
        assertEquals("0.25", BabelConfig.seconds(Duration.ofMillis(250)));
        assertEquals("12.005", BabelConfig.seconds(Duration.ofMillis(12_005)));
        assertEquals("0", BabelConfig.seconds(Duration.ZERO));
    }

    @Test
    void theFileAnnouncesTheLansAndLowernetsDefaultRouteAndNothingElse() {
        BabelConfig config = new BabelConfig(ID, List.of("eth2", "eth3"), Set.of(), List.of("eth1"), SOURCE, Path.of("/run/lowernet"),
                Optional.of(Duration.ofMillis(500)));
        assertEquals("""
                # Written by lowernet from lowernet.conf at every start; edits here are lost.
                router-id ba:27:eb:ff:fe:12:34:56
                local-path /run/lowernet/babeld.sock
                state-file /run/lowernet/babeld.state
                link-detect true
                kernel-priority 2048
                interface eth2 type wired hello-interval 0.5
                interface eth3 type wired hello-interval 0.5
                install ip 0.0.0.0/0 le 32 pref-src 10.77.4.1
                redistribute if eth1
                redistribute proto 76 ip 0.0.0.0/0 eq 0
                redistribute proto 76 ip ::/0 eq 0
                redistribute local deny
                redistribute deny
                """, config.text());
        assertEquals(config.text(), new BabelConfig(ID, List.of("eth2", "eth3"), Set.of(), List.of("eth1"),
                SOURCE, Path.of("/run/lowernet"), Optional.of(Duration.ofMillis(500))).text(), "same input, same bytes");
        assertEquals(Path.of("/run/lowernet/babeld.sock"), config.socket());
    }

    @Test
    void withoutAHelloIntervalBabeldsDefaultStandsAndANodeWithoutLanAnnouncesOnlyItsUplink() {
        String text = new BabelConfig(ID, List.of("eth0"), Set.of(), List.of(), Optional.empty(), Path.of("/run/lowernet"), Optional.empty()).text();
        assertTrue(text.contains("interface eth0 type wired\n"), text);
        assertTrue(!text.contains("redistribute if") && !text.contains("pref-src") && text.contains("redistribute proto 76 ip 0.0.0.0/0 eq 0\n"), text);
    }

    @Test
    void noMeshOrAHelloIntervalBabeldCannotTakeIsRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BabelConfig(ID, List.of(), Set.of(), List.of("eth1"),
                SOURCE, Path.of("/run"), Optional.empty())).getMessage().contains("without a mesh interface"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BabelConfig(ID, List.of("eth0"), Set.of(), List.of(),
                Optional.empty(), Path.of("/run"), Optional.of(Duration.ofMillis(1005)))).getMessage().contains("multiple of 10 ms"));
    }

    @Test
    void aTunnelIsBabelsTunnelTypeAndOnlyAMeshInterfaceCanBeOne() {
        String text = new BabelConfig(ID, List.of("eth2", "riverside"), Set.of("riverside"), List.of("eth1"), SOURCE,
                Path.of("/run/lowernet"), Optional.empty()).text();
        assertTrue(text.contains("interface eth2 type wired\n") && text.contains("interface riverside type tunnel\n"),
                text);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BabelConfig(ID, List.of("eth2"),
                Set.of("riverside"), List.of(), SOURCE, Path.of("/run"), Optional.empty())).getMessage()
                .contains("not all among the mesh interfaces"));
    }
}
