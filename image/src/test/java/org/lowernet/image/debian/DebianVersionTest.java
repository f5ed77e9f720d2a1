package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DebianVersionTest {

    /** Expected sign of compare(a, b); cases from deb-version(7) and dpkg's own test suite. */
    @ParameterizedTest(name = "{0} vs {1} = {2}")
    @CsvSource({
            "1.0, 1.0, 0",
            "1.0, 1.0-0, 0",
            "1.0, 1.00, 0",
            "1.0, 1.0-1, -1",
            "1.0-1, 1.0-2, -1",
            "1.0~rc1, 1.0, -1",
            "1.0~rc1, 1.0~rc2, -1",
            "1.0~~, 1.0~, -1",
            "1.0~, 1.0, -1",
            "1.0, 1.0a, -1",
            "1.0a, 1.0+, -1",
            "1.0+, 1.0.1, -1",
            "1.2, 1.10, -1",
            "1:0.1, 2.0, 1",
            "0:2.0, 2.0, 0",
            "2:1.0, 10:0.1, -1",
            "2.41-12, 2.41-12+deb13u1, -1",
            "1.37.0-6, 1:1.36.1-9, -1",
            "6.12.43-1, 6.12.9-1, 1",
            "a, b, -1",
            "1.0-1~bpo13+1, 1.0-1, -1",
    })
    void comparesLikeDpkg(String a, String b, int expected) {
        DebianVersion va = DebianVersion.parse(a);
        DebianVersion vb = DebianVersion.parse(b);
        assertEquals(expected, Integer.signum(va.compareTo(vb)));
        assertEquals(-expected, Integer.signum(vb.compareTo(va)));
        if (expected == 0) {
            assertEquals(va, vb);
            assertEquals(va.hashCode(), vb.hashCode());
        }
    }

    @Test
    void splitsEpochUpstreamAndRevision() {
        DebianVersion v = DebianVersion.parse("1:2.3-4-5");
        assertEquals(1, v.epoch());
        assertEquals("2.3-4", v.upstream());
        assertEquals("5", v.revision());
        assertEquals("1:2.3-4-5", v.toString());
    }

    @Test
    void rejectsMalformedVersions() {
        assertThrows(IllegalArgumentException.class, () -> DebianVersion.parse(""));
        assertThrows(IllegalArgumentException.class, () -> DebianVersion.parse("x:1.0"));
        assertThrows(IllegalArgumentException.class, () -> DebianVersion.parse("1.0-"));
        assertThrows(IllegalArgumentException.class, () -> DebianVersion.parse("1.0 2"));
    }
}
