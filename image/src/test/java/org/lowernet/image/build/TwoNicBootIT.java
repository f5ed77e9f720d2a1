package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.debian.PackageCache;
import org.lowernet.image.qemu.QemuMachine;

/**
 * An image whose lowernet.conf names two interfaces, booted on QEMU virt with two NICs: the runtime
 * configures both before it says ready and reports their roles and addresses. The NICs use QEMU's
 * user networking with {@code restrict=on}, so nothing the guest sends leaves QEMU.
 */
class TwoNicBootIT {

    @TempDir
    Path dir;

    @Test
    void theRuntimeConfiguresBothInterfacesBeforeReady() throws Exception {
        Path project = ProjectCopy.of(ImageIT.PROJECT, dir.resolve("project"));
        Files.writeString(project.resolve("board/common/lowernet.conf"), """
                interface.eth0.role = wan
                interface.eth1.role = lan
                lan.address = 203.0.113.1/24
                wan.mode = static
                wan.address = 198.51.100.2/24
                wan.gateway = 198.51.100.1
                wan.dns = 198.51.100.1
                """);
        ImageBuilder.Result image = ImageIT.build(project, dir.resolve("out"), PackageCache.defaultDir());

        List<String> console = ImageIT.boot(image.image(), QemuMachine.VIRT, Duration.ofSeconds(120),
                Files.createDirectories(dir.resolve("boot")),
                "-netdev", "user,id=wan,restrict=on",
                "-device", "virtio-net-pci,netdev=wan,mac=52:54:00:00:00:01,romfile=",
                "-netdev", "user,id=lan,restrict=on",
                "-device", "virtio-net-pci,netdev=lan,mac=52:54:00:00:00:02,romfile=");

        String all = String.join("\n", console);
        assertTrue(console.contains("interface eth0: role wan, up, carrier, addresses 198.51.100.2/24"), all);
        assertTrue(console.contains("interface eth1: role lan, up, carrier, addresses 203.0.113.1/24"), all);
        assertTrue(console.indexOf("interface eth1: role lan, up, carrier, addresses 203.0.113.1/24")
                < console.indexOf("lowernet ready"), all);
    }
}
