package org.lowernet.runtime.respondd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The link-local address from the kernel's if_inet6 lines. */
class MeshInterfaceTest {

    private static final List<String> INET6 = List.of(
            "fd000000000000000000000000000002 04 40 00 80     eth1",
            "fe800000000000000000000000000009 05 40 20 c0     eth2",
            "fe8000000000000000fc00fffe000001 04 40 20 80     eth1",
            "00000000000000000000000000000001 01 80 10 80       lo");

    @Test
    void theLinkScopeAddressOfTheInterface() {
        assertEquals(Optional.of("fe80::fc:ff:fe00:1"), MeshInterface.linkLocal(INET6, "eth1"));
    }

    @Test
    void aTentativeAddressIsNotYetUsable() {
        assertEquals(Optional.empty(), MeshInterface.linkLocal(INET6, "eth2"));
    }

    @Test
    void noneForAnInterfaceWithout() {
        assertEquals(Optional.empty(), MeshInterface.linkLocal(INET6, "lo"));
        assertEquals(Optional.empty(), MeshInterface.linkLocal(List.of("garbage"), "eth1"));
    }
}
