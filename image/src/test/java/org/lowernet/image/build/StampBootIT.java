package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.debian.PackageCache;
import org.lowernet.image.qemu.QemuMachine;
import org.lowernet.image.stamp.StampCommand;

/** The real image, stamped with a node name, boots on QEMU virt and the runtime takes that name. */
class StampBootIT {

    @TempDir
    Path dir;

    @Test
    void theRuntimeUsesTheStampedNodeName() throws Exception {
        ImageBuilder.Result image = ImageIT.build(dir.resolve("out"), PackageCache.defaultDir());
        Path node = dir.resolve("stamped-node-7.img");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = StampCommand.run(List.of(image.image().toString(), "--out", node.toString(),
                "--set", "node.name=stamped-node-7"), System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));

        List<String> console = ImageIT.boot(node, QemuMachine.VIRT, Duration.ofSeconds(120),
                Files.createDirectories(dir.resolve("boot")));

        String all = String.join("\n", console);
        assertTrue(console.contains("lowernet.conf: found at /boot/lowernet.conf"), all);
        assertTrue(console.contains("node name: stamped-node-7"), all);
    }
}
