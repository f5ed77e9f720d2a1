package org.lowernet.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.ip.Cidr;

class MeshConfigTest {

    private static ConfigResult parse(String text) {
        return ConfigParser.parse(text.getBytes(StandardCharsets.UTF_8), "lowernet.conf");
    }

    @Test
    void anEmptyFileGivesThePoolOfDefaultsAndAMovableLan() {
        MeshConfig mesh = parse("").config().orElseThrow().mesh();
        assertEquals(Cidr.parse("10.77.0.0/16"), mesh.pool());
        assertEquals(24, mesh.prefixLength());
        assertEquals(MeshPolicy.OPEN, mesh.policy());
        assertFalse(mesh.lanFixed());
    }

    @Test
    void anExplicitLanAddressIsFixed() {
        assertTrue(parse("lan.address = 10.77.9.1/24\n").config().orElseThrow().mesh().lanFixed());
    }

    @Test
    void aPrefixLengthShorterThanThePoolNamesItsLine() {
        List<ConfigError> errors = parse("mesh.pool = 10.77.0.0/20\nmesh.prefix_length = 18\n").errors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(2, errors.getFirst().line());
        assertTrue(errors.getFirst().toString().contains("/20 or longer"), errors.toString());
    }

    @Test
    void aPoolOverlappingTheStaticWanIsAnError() {
        List<ConfigError> errors = parse("""
                wan.mode = static
                wan.address = 10.77.200.2/24
                wan.gateway = 10.77.200.1
                wan.dns = 10.77.200.1
                mesh.pool = 10.77.0.0/16
                """).errors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(5, errors.getFirst().line());
        assertTrue(errors.getFirst().toString().contains("wan.address on line 2"), errors.toString());
    }

    @Test
    void theDerivedUlaIsASiteWideUniqueLocalSlash48() {
        Cidr riverside = MeshConfig.derivedUla(Optional.of("riverside"));
        assertEquals(riverside, MeshConfig.derivedUla(Optional.of("riverside")));
        assertNotEquals(riverside, MeshConfig.derivedUla(Optional.of("hillside")));
        assertEquals(48, riverside.prefixLength());
        assertEquals((byte) 0xFD, riverside.address().getAddress()[0]);
        assertEquals(riverside.network(), riverside.address());
    }

    @Test
    void anExplicitUlaWinsOverTheDerivedOne() {
        MeshConfig mesh = parse("site = riverside\nmesh.ula = fd12:3456:789a::/48\n").config().orElseThrow().mesh();
        assertEquals(Cidr.parse("fd12:3456:789a::/48"), mesh.ula(Optional.of("riverside")));
    }
}
