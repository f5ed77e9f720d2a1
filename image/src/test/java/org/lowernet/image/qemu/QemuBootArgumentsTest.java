package org.lowernet.image.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class QemuBootArgumentsTest {

    @Test
    void parsesEveryOption() {
        QemuBootArguments parsed = QemuBootArguments.parse(List.of("--machine", "RasPi3B", "sd.img",
                "--timeout", "30", "--kernel", "k", "--initrd", "i", "--dtb", "d", "--marker", "up",
                "--qemu", "/opt/qemu"));

        assertEquals(new QemuBootArguments(Path.of("sd.img"), QemuMachine.RASPI3B, Duration.ofSeconds(30),
                Path.of("k"), Path.of("i"), Path.of("d"), "up", "/opt/qemu"), parsed);
    }

    @Test
    void fillsDefaults() {
        QemuBootArguments parsed = QemuBootArguments.parse(List.of("sd.img", "--machine", "virt",
                "--kernel", "k", "--initrd", "i"));

        assertEquals(QemuBootArguments.DEFAULT_TIMEOUT, parsed.timeout());
        assertEquals(QemuBoot.READY_MARKER, parsed.marker());
        assertEquals(BootSpec.DEFAULT_QEMU, parsed.qemu());
        assertEquals(null, parsed.dtb());
    }

    @Test
    void reportsEveryProblemAndTheUsage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QemuBootArguments.parse(List.of("a.img", "b.img", "--machine", "raspi5",
                        "--timeout", "soon", "--colour", "red", "--initrd", "i", "--kernel")));

        assertEquals("""
                more than one IMAGE: a.img and b.img
                unknown machine 'raspi5': use one of virt|raspi3b
                --timeout must be a whole number of seconds above 0, not 'soon'
                unknown option --colour
                --kernel needs a value
                --kernel and --initrd go together: give both or neither (then IMAGE's own are used)
                """ + QemuBootArguments.USAGE, e.getMessage());
    }

    @Test
    void nothingGivenNamesEveryRequiredArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> QemuBootArguments.parse(List.of()));

        assertTrue(e.getMessage().startsWith("no IMAGE given\nno --machine given\nusage:"), e.getMessage());
    }

    @Test
    void bootFilesDefaultToTheImagesOwn() {
        QemuBootArguments parsed = QemuBootArguments.parse(List.of("sd.img", "--machine", "raspi3b"));

        assertEquals(null, parsed.kernel());
        assertEquals(null, parsed.initrd());
    }
}
