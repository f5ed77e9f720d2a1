package org.lowernet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void versionComesFromTheBuild() {
        assertEquals(false, Main.version().equals("unknown"));
        assertTrue(Main.version().matches("\\d+\\.\\d+\\.\\d+.*"), Main.version());
    }
}
