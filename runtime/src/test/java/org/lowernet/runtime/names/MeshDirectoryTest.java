package org.lowernet.runtime.names;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.ManualClock;
import org.lowernet.runtime.ip.Cidr;

class MeshDirectoryTest {

    private final Map<String, MeshNode> answers = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final List<List<MeshNode>> published = new ArrayList<>();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));

    private MeshDirectory directory() {
        return new MeshDirectory(address -> {
            asked.add(Cidr.text(address));
            if (Cidr.text(address).equals("10.77.9.1")) {
                throw new IOException("port unreachable");
            }
            return Optional.ofNullable(answers.get(Cidr.text(address)));
        }, published::add, clock);
    }

    private static MeshNode node(String name, String address) throws Exception {
        return new MeshNode(name, List.of(InetAddress.getByName(address)));
    }

    private static List<Cidr> prefixes(String... texts) {
        return Arrays.stream(texts).map(Cidr::parse).toList();
    }

    @Test
    void eachRouterIsAskedAtItsLanAddressOnceUntilItMovesOrIsDue() throws Exception {
        answers.put("10.77.2.1", node("b", "10.77.2.1"));
        answers.put("203.0.113.1", node("c", "203.0.113.1"));
        MeshDirectory directory = directory();
        Map<String, List<Cidr>> mesh = Map.of(
                "02:00:00:ff:fe:00:00:02", prefixes("0.0.0.0/0", "10.77.2.0/24", "fd00:1:2:2::/64"),
                "02:00:00:ff:fe:00:00:03", prefixes("203.0.113.0/24"),
                "02:00:00:ff:fe:00:00:04", prefixes("10.77.9.0/24"));
        directory.update(mesh);
        assertEquals(Set.of("10.77.2.1", "203.0.113.1", "10.77.9.1"), Set.copyOf(asked));
        assertEquals(List.of(List.of(node("b", "10.77.2.1"), node("c", "203.0.113.1"))), published);
        directory.update(mesh);
        assertEquals(3, asked.size(), "nothing new: nobody asked again");
        clock.advance(MeshDirectory.RETRY.plusSeconds(1));
        directory.update(mesh);
        assertEquals(4, asked.size(), "the router that did not answer is asked again: " + asked);
        assertEquals("10.77.9.1", asked.getLast());
        clock.advance(MeshDirectory.REFRESH.plusSeconds(1));
        directory.update(Map.of("02:00:00:ff:fe:00:00:02", prefixes("10.77.2.0/24")));
        assertEquals(5, asked.size(), "due again");
        assertEquals(List.of(node("b", "10.77.2.1")), published.getLast(), "gone routers leave the names");
    }

    @Test
    void aNameTwoRoutersClaimGoesToTheLowerRouterId() throws Exception {
        answers.put("10.77.2.1", node("lowernet", "10.77.2.1"));
        answers.put("10.77.3.1", node("lowernet", "10.77.3.1"));
        MeshDirectory directory = directory();
        directory.update(Map.of("02:00:00:ff:fe:00:00:03", prefixes("10.77.3.0/24"),
                "02:00:00:ff:fe:00:00:02", prefixes("10.77.2.0/24")));
        assertEquals(List.of(node("lowernet", "10.77.2.1")), published.getLast());
    }
}
