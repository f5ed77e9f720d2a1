package org.lowernet.image.jre;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaBaseTest {

    @TempDir
    Path dir;

    @Test
    void theVersionAndPlatformComeFromJavaBasesModuleDescriptor() throws IOException {
        Path jmod = dir.resolve("java.base.jmod");
        Files.write(jmod, TestJmods.fakeJavaBase("25.0.5", "linux-aarch64"));

        JavaBase base = JavaBase.read(jmod);

        assertEquals(Runtime.Version.parse("25.0.5"), base.version());
        assertEquals("linux-aarch64", base.platform());
    }

    /** Debian's jmods are made by the JDK's own jmod tool: the reader must read what that tool writes. */
    @Test
    void aJmodMadeByTheJmodToolIsRead() throws IOException {
        Path jmods = TestJmods.moduleWithDebugInfo(dir, "x");

        assertEquals(Runtime.Version.parse("1"), JavaBase.read(jmods.resolve("x.jmod")).version());
    }

    @Test
    void trailingZeroElementsAreRead() {
        assertEquals("25", JavaBase.parseVersion("25.0.0").toString());
        assertEquals("25+8-Debian", JavaBase.parseVersion("25.0.0+8-Debian").toString());
        assertEquals("25.0.3", JavaBase.parseVersion("25.0.3").toString());
        assertEquals("25.1", JavaBase.parseVersion("25.1.0").toString());
    }

    @Test
    void aJavaBaseWithoutAVersionIsSaidSo() throws IOException {
        Path jmod = dir.resolve("java.base.jmod");
        Files.write(jmod, TestJmods.fakeJavaBase(null, "linux-aarch64"));

        JreException e = assertThrows(JreException.class, () -> JavaBase.read(jmod));

        assertTrue(e.getMessage().endsWith(jmod + " names no module version"), e.getMessage());
    }

    @Test
    void aVersionThatIsNotJavasIsSaidSo() throws IOException {
        Path jmod = dir.resolve("java.base.jmod");
        Files.write(jmod, TestJmods.fakeJavaBase("twenty-five", "linux-aarch64"));

        JreException e = assertThrows(JreException.class, () -> JavaBase.read(jmod));

        assertTrue(e.getMessage().contains("has module version 'twenty-five', which is not a Java version"),
                e.getMessage());
    }

    @Test
    void missingJmodsAreSaidSo() {
        JreException e = assertThrows(JreException.class, () -> JavaBase.read(dir.resolve("java.base.jmod")));
        assertEquals("no java.base.jmod in " + dir + ": the JDK package carries no jmods", e.getMessage());
    }
}
