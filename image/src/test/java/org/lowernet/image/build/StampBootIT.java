package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.debian.PackageCache;
import org.lowernet.image.fat.FatReader;
import org.lowernet.image.qemu.QemuMachine;
import org.lowernet.image.stamp.BootImage;
import org.lowernet.image.stamp.StampCommand;
import org.lowernet.runtime.wgkey.WgPrivateKey;

/**
 * The real image, stamped with a node name and a tunnel key pair, boots on QEMU virt: the runtime takes that
 * name, and the key on the card is the node's (the public key the stamp printed), never shown on the console.
 */
class StampBootIT {

    private static final Pattern STAMPED_KEY = Pattern.compile("tunnel public key ([A-Za-z0-9+/]{43}=)");

    @TempDir
    Path dir;

    @Test
    void theRuntimeUsesTheStampedNodeNameAndTunnelKey() throws Exception {
        ImageBuilder.Result image = ImageIT.build(dir.resolve("out"), PackageCache.defaultDir());
        Path node = dir.resolve("stamped-node-7.img");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = StampCommand.run(List.of(image.image().toString(), "--out", node.toString(),
                "--set", "node.name=stamped-node-7", "--tunnel-keys"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        Matcher stamped = STAMPED_KEY.matcher(out.toString(StandardCharsets.UTF_8));
        assertTrue(stamped.find(), out.toString(StandardCharsets.UTF_8));
        WgPrivateKey cardKey = WgPrivateKey.parse(new String(cardFile(node, "tunnel.key"), StandardCharsets.US_ASCII));
        assertEquals(cardKey.publicKey().base64(), stamped.group(1));

        List<String> console = ImageIT.boot(node, QemuMachine.VIRT, Duration.ofSeconds(120),
                Files.createDirectories(dir.resolve("boot")));

        String all = String.join("\n", console);
        assertTrue(console.contains("lowernet.conf: found at /boot/lowernet.conf"), all);
        assertTrue(console.contains("node name: stamped-node-7"), all);
        assertTrue(console.stream().anyMatch(l -> l.contains("tunnel public key: " + stamped.group(1))), all);
        assertFalse(all.contains(cardKey.base64().substring(0, 20)), "a piece of the private key on the console");
    }

    private static byte[] cardFile(Path image, String name) throws IOException {
        BootImage boot = BootImage.read(image);
        try (FileChannel channel = FileChannel.open(image)) {
            return new FatReader(channel, boot.partitionOffset()).read(name);
        }
    }
}
