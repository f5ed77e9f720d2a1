package org.lowernet.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceFactsTest {

    @Test
    void readsBoardAndKernelFromTheDevice(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("proc/device-tree"));
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/device-tree/model"), "Raspberry Pi 3 Model B Rev 1.2\0");
        Files.writeString(root.resolve("proc/sys/kernel/osrelease"), "6.12.48+deb13-arm64\n");

        DeviceFacts facts = DeviceFacts.read(root);

        assertEquals(Optional.of("Raspberry Pi 3 Model B Rev 1.2"), facts.board());
        assertEquals("6.12.48+deb13-arm64", facts.kernelRelease());
    }

    @Test
    void aMachineWithoutDeviceTreeIsReportedAsSuch(@TempDir Path root) {
        DeviceFacts facts = DeviceFacts.read(root);

        assertTrue(facts.board().isEmpty());
        assertEquals("unknown", facts.kernelRelease());
    }
}
