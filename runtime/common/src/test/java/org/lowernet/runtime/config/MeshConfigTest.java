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

    @Test
    void moreThanSixtyFiveThousandPrefixesAreRefusedForTheUlaSubnetIds() {
        List<ConfigError> errors = parse("mesh.pool = 10.0.0.0/8\nmesh.prefix_length = 25\n").errors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(2, errors.getFirst().line());
        assertTrue(errors.getFirst().toString().contains("at most 65536 prefixes in mesh.pool 10.0.0.0/8 (mesh.pool on"
                + " line 1;"), errors.toString());
        assertTrue(errors.getFirst().toString().contains("so /24 or shorter"), errors.toString());
        assertTrue(parse("mesh.pool = 10.0.0.0/8\nmesh.prefix_length = 24\n").valid());
    }

    @Test
    void aStaticWanInTheDefaultPoolIsAnErrorOnlyOnAMeshNode() {
        String wan = """
                wan.mode = static
                wan.address = 10.77.200.2/24
                wan.gateway = 10.77.200.1
                wan.dns = 10.77.200.1
                """;
        assertTrue(parse(wan).valid(), "no mesh interface: the pool is not used");
        List<ConfigError> errors = parse(wan + "interface.eth2.role = mesh\n").errors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(2, errors.getFirst().line());
        assertTrue(errors.getFirst().toString().contains("apart from the default mesh.pool 10.77.0.0/16"),
                errors.toString());
        assertTrue(parse(wan + "interface.eth2.role = mesh\nmesh.pool = 10.78.0.0/16\n").valid());
    }

    @Test
    void aLanAddressInsideThePoolOrApartFromItIsFineOneCoveringItIsNot() {
        assertTrue(parse("lan.address = 10.77.9.1/24\n").valid());
        assertTrue(parse("lan.address = 10.77.16.1/20\n").valid());
        assertTrue(parse("lan.address = 192.168.7.1/24\n").valid());
        List<ConfigError> errors = parse("mesh.pool = 10.77.0.0/16\nlan.address = 10.77.0.1/15\n").errors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(2, errors.getFirst().line());
        assertTrue(errors.getFirst().toString().contains("inside mesh.pool 10.77.0.0/16 (mesh.pool on line 1) or apart"
                + " from it"), errors.toString());
        assertTrue(errors.getFirst().toString().contains("10.76.0.0/15, which covers the whole pool"), errors.toString());
        assertEquals(1, parse("lan.address = 10.77.0.1/16\n").errors().size(), "the default pool, all of it");
    }

    @Test
    void aDhcpRangeWithoutLanAddressOnAMeshNodeIsOneErrorOnItsLine() {
        String range = "lan.dhcp.range = 10.42.0.50-10.42.0.60\n";
        assertTrue(parse(range).valid(), "no mesh: the default lan.address's range");
        List<ConfigError> errors = parse("interface.eth2.role = mesh\n" + range).errors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(2, errors.getFirst().line());
        assertTrue(errors.getFirst().toString().contains("the node picks its prefix in mesh.pool"), errors.toString());
        assertTrue(parse("interface.eth2.role = mesh\nlan.address = 10.42.0.1/24\n" + range).valid());
    }
}
