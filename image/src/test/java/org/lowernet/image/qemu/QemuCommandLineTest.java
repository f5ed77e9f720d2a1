package org.lowernet.image.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QemuCommandLineTest {

    @TempDir
    Path dir;

    @Test
    void virtGetsPl011ConsoleAWatchdogAndReadOnlyVirtioDisk() throws IOException {
        BootSpec spec = BootSpec.builder(QemuMachine.VIRT)
                .kernel(file("vmlinuz", 1)).initrd(file("initrd", 1)).image(file("sd,1.img", 1))
                .kernelArguments(" panic=-1 ").qemuArguments("-rtc", "base=utc").build();

        assertEquals(List.of("/usr/bin/qemu", "-M", "virt", "-cpu", "cortex-a72", "-smp", "2", "-m", "1024", "-nic", "none",
                "-device", "i6300esb", "-nographic", "-monitor", "none", "-serial", "stdio",
                "-kernel", dir + "/vmlinuz", "-initrd", dir + "/initrd", "-append", "console=ttyAMA0 panic=-1",
                "-drive", "file=" + dir + "/sd,,1.img,if=virtio,format=raw,snapshot=on",
                "-rtc", "base=utc"), QemuCommandLine.of(Path.of("/usr/bin/qemu"), spec));
    }

    @Test
    void writableImageDropsOnlyTheSnapshot() throws IOException {
        BootSpec spec = BootSpec.builder(QemuMachine.VIRT)
                .kernel(file("vmlinuz", 1)).initrd(file("initrd", 1)).image(file("card.img", 1))
                .writableImage().build();

        List<String> command = QemuCommandLine.of(Path.of("/usr/bin/qemu"), spec);
        assertEquals("file=" + dir + "/card.img,if=virtio,format=raw", command.get(command.indexOf("-drive") + 1));
    }

    @Test
    void writableWithoutAnImageIsRefused() throws IOException {
        var e = assertThrows(IllegalArgumentException.class, () -> BootSpec.builder(QemuMachine.VIRT)
                .kernel(file("vmlinuz", 1)).initrd(file("initrd", 1)).writableImage().build());
        assertTrue(e.getMessage().contains("a writable image was asked for, but no image given"), e.getMessage());
    }

    @Test
    void raspi3bGetsMiniUartConsoleOnSecondSerialSnapshotSdCardAndNoWatchdog() throws IOException {
        BootSpec spec = BootSpec.builder(QemuMachine.RASPI3B)
                .kernel(file("vmlinuz", 1)).initrd(file("initrd", 1)).dtb(file("bcm2837-rpi-3-b.dtb", 1))
                .image(file("sd.img", 64 * 1024)).build();

        assertEquals(List.of("/usr/bin/qemu", "-M", "raspi3b", "-accel", "tcg,thread=single",
                "-dtb", dir + "/bcm2837-rpi-3-b.dtb",
                "-nographic", "-monitor", "none", "-serial", "null", "-serial", "stdio",
                "-kernel", dir + "/vmlinuz", "-initrd", dir + "/initrd", "-append", "console=ttyS1,115200 lowernet.watchdog=off",
                "-drive", "file=" + dir + "/sd.img,if=sd,format=raw,snapshot=on"),
                QemuCommandLine.of(Path.of("/usr/bin/qemu"), spec));
    }

    @Test
    void locatesBinaryOnPathAndSkipsDirectoriesWithoutIt() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path qemu = bin.resolve("qemu-system-aarch64");
        Files.writeString(qemu, "#!/bin/sh\n");
        Files.setPosixFilePermissions(qemu, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertEquals(qemu, QemuCommandLine.locate("qemu-system-aarch64", empty + "::" + bin));
    }

    @Test
    void missingBinaryOnPathSaysWhatToInstall() {
        QemuBootException e = assertThrows(QemuBootException.class,
                () -> QemuCommandLine.locate("qemu-system-aarch64", dir.toString()));
        assertTrue(e.getMessage().contains("not found on PATH (" + dir + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install qemu-system-arm"), e.getMessage());
    }

    @Test
    void missingBinaryPathSaysWhatToInstall() {
        QemuBootException e = assertThrows(QemuBootException.class,
                () -> QemuCommandLine.locate(dir + "/no/qemu", "/usr/bin"));
        assertTrue(e.getMessage().contains(dir + "/no/qemu is not an executable file"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install qemu-system-arm"), e.getMessage());
    }

    private Path file(String name, int size) throws IOException {
        return Files.write(dir.resolve(name), new byte[size]);
    }
}
