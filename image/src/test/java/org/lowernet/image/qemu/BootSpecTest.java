package org.lowernet.image.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootSpecTest {

    @TempDir
    Path dir;

    @Test
    void reportsEveryMissingFileAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BootSpec.builder(QemuMachine.RASPI3B).kernel(dir.resolve("vmlinuz"))
                        .image(dir.resolve("sd.img")).build());

        assertEquals("cannot boot on raspi3b: kernel " + dir + "/vmlinuz is not a file; no initrd given;"
                + " raspi3b needs a device tree: give the DTB (bcm2837-rpi-3-b.dtb); image " + dir
                + "/sd.img is not a file", e.getMessage());
    }

    @Test
    void virtRefusesADtbBecauseItBuildsItsOwn() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BootSpec.builder(QemuMachine.VIRT).kernel(file("k", 1)).initrd(file("i", 1))
                        .dtb(file("d.dtb", 1)).build());

        assertTrue(e.getMessage().contains("virt builds its own device tree: drop the DTB"), e.getMessage());
    }

    @Test
    void raspi3bRefusesAnSdImageWhoseSizeIsNotAPowerOfTwo() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BootSpec.builder(QemuMachine.RASPI3B).kernel(file("k", 1)).initrd(file("i", 1))
                        .dtb(file("d.dtb", 1)).image(file("sd.img", 3000)).build());

        assertTrue(e.getMessage().contains("image " + dir + "/sd.img is 3000 bytes, but the raspi3b SD card"
                + " must be a power of two: pad it (truncate -s 4096)"), e.getMessage());
    }

    @Test
    void virtTakesAnImageOfAnySizeAndNoDtb() throws IOException {
        BootSpec spec = BootSpec.builder(QemuMachine.VIRT).kernel(file("k", 1)).initrd(file("i", 1))
                .image(file("sd.img", 3000)).build();

        assertEquals(Optional.empty(), spec.dtb());
        assertEquals(Optional.of(dir.resolve("sd.img")), spec.image());
        assertEquals(BootSpec.DEFAULT_QEMU, spec.qemu());
    }

    private Path file(String name, int size) throws IOException {
        return Files.write(dir.resolve(name), new byte[size]);
    }
}
