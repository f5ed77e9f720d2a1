package org.lowernet.image.jre;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JlinkVersionsTest {

    private static Runtime.Version v(String version) {
        return Runtime.Version.parse(version);
    }

    @Test
    void updateAndPatchVersionsMayDiffer() {
        assertTrue(JlinkVersions.compatible(v("25.0.3"), v("25.0.5")));
        assertTrue(JlinkVersions.compatible(v("25.0.5+8"), v("25.0.3+9-LTS")));
        assertTrue(JlinkVersions.compatible(v("25"), v("25.0.1.2")));
    }

    @Test
    void theFeatureAndInterimVersionMustMatch() {
        assertFalse(JlinkVersions.compatible(v("25.0.3"), v("26.0.1")));
        assertFalse(JlinkVersions.compatible(v("26"), v("25.0.5")));
        assertFalse(JlinkVersions.compatible(v("25.1"), v("25.0.5")));
    }

    @Test
    void theRefusalSaysWhatMustMatchAndWhatMayDiffer() {
        JavaBase target = new JavaBase(v("25.0.5"), "linux-aarch64");
        assertDoesNotThrow(() -> JlinkVersions.check(v("25.0.3"), Path.of("/jdk"), target, Path.of("/jmods")));

        JreException e = assertThrows(JreException.class,
                () -> JlinkVersions.check(v("26.0.1"), Path.of("/jdk"), target, Path.of("/jmods")));

        assertEquals("the host JDK cannot link the device's JRE: jlink 26.0.1 (/jdk) and"
                + " java.base 25.0.5 (linux-aarch64, /jmods) must have the same feature version (26.0 vs 25.0);"
                + " update and patch versions may differ (a host 25.0.3 links 25.0.5 jmods). Run the build with"
                + " a JDK 25 (set JAVA_HOME to it), or name a JDK 26 package as parts.jdk in"
                + " board/common/image.conf and run scripts/build --update-lock", e.getMessage());
    }
}
