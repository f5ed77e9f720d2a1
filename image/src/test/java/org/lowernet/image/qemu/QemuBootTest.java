package org.lowernet.image.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;

/**
 * The runner's contract, first against small shell scripts standing in for QEMU (they print, read and
 * spawn like QEMU would), then against the host's real QEMU with a kernel that never prints anything.
 */
class QemuBootTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void waitsForReadyThenTalksToTheConsoleAndEndsTheWholeProcessTree() throws IOException {
        BootSpec spec = stubSpec("""
                echo "booting"
                sleep 600 &
                echo "child $!"
                echo "lowernet ready"
                while read line; do echo "got: $line"; done
                """);
        ProcessHandle qemu;
        ProcessHandle child;
        try (QemuBoot guest = QemuBoot.start(spec, line -> { })) {
            String childLine = guest.awaitLine(line -> line.startsWith("child "), WAIT);
            child = ProcessHandle.of(Long.parseLong(childLine.substring("child ".length()))).orElseThrow();
            assertEquals("lowernet ready", guest.awaitReady(WAIT));

            guest.send("echo 42");
            assertEquals("got: echo 42", guest.awaitLine(line -> line.startsWith("got:"), WAIT));
            qemu = guest.process();
            assertTrue(qemu.isAlive());
        }
        assertFalse(qemu.isAlive(), "QEMU survived close()");
        child.onExit().join();
        assertFalse(child.isAlive(), "QEMU's child survived close()");
    }

    @Test
    void exitBeforeReadyFailsWithExitCodeAndLastLines() throws IOException {
        BootSpec spec = stubSpec("""
                echo "Kernel panic - not syncing: no init found"
                exit 3
                """);
        try (QemuBoot guest = QemuBoot.start(spec, line -> { })) {
            QemuBootException e = assertThrows(QemuBootException.class, () -> guest.awaitReady(WAIT));

            assertTrue(e.getMessage().contains("QEMU exited with code 3 first"), e.getMessage());
            assertEquals(List.of("Kernel panic - not syncing: no init found"), e.lastLines());
            // Once ended, every later wait fails at once the same way.
            assertThrows(QemuBootException.class, () -> guest.awaitLine("anything", WAIT));
        }
    }

    @Test
    void missingQemuSaysWhatToInstall() throws IOException {
        BootSpec spec = BootSpec.builder(QemuMachine.VIRT).qemu(dir.resolve("nowhere/qemu").toString())
                .kernel(file("vmlinuz", new byte[1])).initrd(file("initrd", new byte[1])).build();

        QemuBootException e = assertThrows(QemuBootException.class, () -> QemuBoot.start(spec, line -> { }));
        assertTrue(e.getMessage().contains("apt-get install qemu-system-arm"), e.getMessage());
    }

    @Test
    void realQemuWithSilentKernelTimesOutAndIsGoneAfterClose() throws IOException {
        HostTools.require(BootSpec.DEFAULT_QEMU);
        // Zero bytes decode as UDF: the CPU traps forever and never writes to the console.
        BootSpec spec = BootSpec.builder(QemuMachine.VIRT)
                .kernel(file("vmlinuz", new byte[64 * 1024])).initrd(file("initrd", new byte[512])).build();
        ProcessHandle qemu;
        try (QemuBoot guest = QemuBoot.start(spec, line -> { })) {
            qemu = guest.process();
            QemuBootException e = assertThrows(QemuBootException.class,
                    () -> guest.awaitReady(Duration.ofSeconds(3)));

            assertTrue(e.getMessage().startsWith("waiting for a line containing 'lowernet ready': nothing after"
                    + " 3.0 s (QEMU pid " + qemu.pid()), e.getMessage());
            assertTrue(qemu.isAlive(), "a timeout alone must leave the guest to the caller");
        }
        assertFalse(qemu.isAlive(), "QEMU survived close()");
        assertEquals(Optional.empty(), ProcessHandle.current().children()
                .filter(p -> p.info().command().orElse("").contains("qemu")).findAny());
    }

    @Test
    void realQemuRejectingAnOptionFailsWithItsOwnMessage() throws IOException {
        HostTools.require(BootSpec.DEFAULT_QEMU);
        BootSpec spec = BootSpec.builder(QemuMachine.VIRT).kernel(file("vmlinuz", new byte[1]))
                .initrd(file("initrd", new byte[1])).qemuArguments("-no-such-option").build();
        try (QemuBoot guest = QemuBoot.start(spec, line -> { })) {
            QemuBootException e = assertThrows(QemuBootException.class, () -> guest.awaitReady(WAIT));

            assertTrue(e.getMessage().contains("QEMU exited with code 1 first"), e.getMessage());
            assertTrue(e.lastLines().stream().anyMatch(line -> line.contains("-no-such-option")), e.getMessage());
        }
    }

    /** A spec whose "QEMU" is a shell script with {@code body}; kernel and initrd are placeholders. */
    private BootSpec stubSpec(String body) throws IOException {
        Path script = file("fake-qemu", ("#!/bin/sh\n" + body).getBytes());
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return BootSpec.builder(QemuMachine.VIRT).qemu(script.toString())
                .kernel(file("vmlinuz", new byte[1])).initrd(file("initrd", new byte[1])).build();
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }
}
