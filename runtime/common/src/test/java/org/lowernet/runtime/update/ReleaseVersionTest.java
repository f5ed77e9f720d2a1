package org.lowernet.runtime.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseVersionTest {

    @Test
    void versionsSortAsPeopleReadThem() {
        List<String> sorted = List.of("0.1.0-SNAPSHOT", "0.1.0", "0.1.1", "0.2.0-rc1", "0.2.0-rc2", "0.2.0", "0.10.0",
                "1.0");
        for (int i = 0; i + 1 < sorted.size(); i++) {
            ReleaseVersion a = ReleaseVersion.parse(sorted.get(i));
            ReleaseVersion b = ReleaseVersion.parse(sorted.get(i + 1));
            assertTrue(a.compareTo(b) < 0, a + " < " + b);
            assertTrue(b.compareTo(a) > 0, b + " > " + a);
        }
        assertEquals(0, ReleaseVersion.parse("1.0").compareTo(ReleaseVersion.parse("1.0.0")));
    }

    @Test
    void whatIsNoVersionIsSaid() {
        for (String bad : List.of("", "v1.0", "1..0", "1.0-", "1.0 beta", "latest")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReleaseVersion.parse(bad));
            assertTrue(e.getMessage().contains("is not a version"), e.getMessage());
        }
    }
}
