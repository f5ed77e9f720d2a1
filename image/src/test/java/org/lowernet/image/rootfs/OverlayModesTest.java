package org.lowernet.image.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlayModesTest {

    @Test
    void theRepositoryOverlayMakesInitScriptsExecutableAndShadowPrivate() throws IOException {
        OverlayModes modes = OverlayModes.read(Path.of("..", "overlay", ".modes"));

        assertEquals(0755, modes.modeOf("etc/init.d/rcS"));
        assertEquals(0600, modes.modeOf("etc/shadow"));
        assertEquals(0644, modes.modeOf("etc/inittab"));
    }

    @Test
    void aBadLineIsReportedWithItsNumber(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(".modes");
        Files.writeString(file, "# comment\n0755 bin/*\nrwx etc/x\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OverlayModes.read(file));

        assertTrue(e.getMessage().startsWith(file + ":3: expected 'MODE GLOB'"), e.getMessage());
    }
}
