package org.lowernet.runtime.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RouterIdTest {

    @Test
    void aMacBecomesItsModifiedEui64AsBabeldWritesIt() {
        // The U/L bit flipped (b8 → ba), ff:fe in the middle: what babeld derives itself from a MAC.
        assertEquals("ba:27:eb:ff:fe:12:34:56", RouterId.fromMac("B8:27:EB:12:34:56").toString());
        assertEquals("02:00:00:ff:fe:00:00:0a", RouterId.fromMac("00:00:00:00:00:0a").toString());
    }

    @Test
    void babeldsTextReadsBackEqualAndIdsOrderAsUnsignedBytes() {
        RouterId id = RouterId.parse("02:00:00:ff:fe:00:00:0a");
        assertEquals(RouterId.fromMac("00:00:00:00:00:0a"), id);
        assertEquals(id.hashCode(), RouterId.parse("02:00:00:FF:FE:00:00:0A").hashCode());
        assertTrue(RouterId.parse("ff:00:00:00:00:00:00:00").compareTo(RouterId.parse("7f:00:00:00:00:00:00:00")) > 0);
    }

    @Test
    void aWrongTextIsRefusedWithWhatItShouldBe() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RouterId.fromMac("b8:27:eb:12:34"))
                .getMessage().contains("6 hex bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RouterId.parse("5578d0284960"))
                .getMessage().contains("8 hex bytes"));
    }
}
