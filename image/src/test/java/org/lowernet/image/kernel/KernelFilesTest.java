package org.lowernet.image.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;

class KernelFilesTest {

    private static FileTree kernel() {
        String v = ModuleSelectionTest.VERSION;
        return ModuleSelectionTest.kernel()
                .file("boot/vmlinuz-" + v, 0644, Content.of("Image"))
                .file("usr/lib/linux-image-" + v + "/broadcom/bcm2711-rpi-4-b.dtb", 0644, Content.of("pi4"))
                .file("usr/lib/linux-image-" + v + "/broadcom/bcm2837-rpi-3-b.dtb", 0644, Content.of("pi3"))
                .file("usr/lib/linux-image-" + v + "/allwinner/other.dtb", 0644, Content.of("x"));
    }

    @Test
    void picksVmlinuzAndTheNamedDtbs() throws IOException {
        KernelFiles files = KernelFiles.select(kernel(), List.of("bcm2837-rpi-3-b", "bcm2711-rpi-4-b.dtb"));

        assertEquals(ModuleSelectionTest.VERSION, files.version());
        assertEquals("Image", new String(files.vmlinuz().bytes()));
        assertEquals(List.of("bcm2711-rpi-4-b.dtb", "bcm2837-rpi-3-b.dtb"), List.copyOf(files.dtbs().keySet()));
        assertEquals("pi3", new String(files.dtbs().get("bcm2837-rpi-3-b.dtb").bytes()));
    }

    @Test
    void missingDtbNamesWhatExists() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelFiles.select(kernel(), List.of("bcm2712-rpi-5-b", "bcm2711-rpi-4-b")));
        assertTrue(e.getMessage().contains("[bcm2712-rpi-5-b.dtb]"), e.getMessage());
        assertTrue(e.getMessage().contains("bcm2837-rpi-3-b.dtb"), e.getMessage());
    }

    @Test
    void treeWithoutOneKernelVersionIsRefused() {
        FileTree two = kernel().directory("usr/lib/modules/6.2-other", 0755);
        assertThrows(IllegalStateException.class, () -> KernelFiles.version(two));
        assertThrows(IllegalStateException.class, () -> KernelFiles.version(new FileTree()));
    }
}
