package org.lowernet.image.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.release.BlockMap;

/**
 * A real block device (a loop device over a file full of old bytes), read through the real /sys and /proc.
 * Needs root and losetup: skipped without them locally, a failure under CI (which runs as root).
 */
class LoopDeviceTest {

    @TempDir
    Path dir;

    @Test
    void aLoopDeviceIsRefusedAsNotRemovableAndABmapWriteLeavesUnmappedBlocksAloneButWipesNamedZeros() throws Exception {
        HostTools.require("root".equals(System.getProperty("user.name")), "needs root for losetup");
        HostTools.require("losetup");
        byte[] old = new byte[8 << 20];
        Arrays.fill(old, (byte) 0xee);
        Path backing = dir.resolve("card.bin");
        Files.write(backing, old);
        HostTools.Result attach = HostTools.run(List.of("losetup", "-f", "--show", backing.toString()));
        HostTools.require(attach.exitCode() == 0, "losetup does not work here: " + attach.stderr());
        Path loop = Path.of(attach.out().strip());
        try {
            byte[] image = FlashSdTest.image();
            Path img = dir.resolve("x.img");
            Files.write(img, image);

            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = FlashSd.run(List.of(img.toString(), loop.toString(), "--yes"), new BufferedReader(new StringReader("")),
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                    BlockDevices.system());
            assertEquals(1, exit);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains(loop + " is not removable"), err.toString());

            // As the build names the data partition's head: zeros that must reach the card.
            BlockMap map = BlockMap.scan(img, List.of(new BlockMap.Extent(5 << 20, 64 << 10)));
            try (ImageSource source = ImageSource.open(img)) {
                Flasher.write(source, Optional.of(map), loop, true, new PrintStream(new ByteArrayOutputStream()));
            }
            byte[] card = Files.readAllBytes(backing);
            for (BlockMap.Range r : map.ranges()) {
                int start = (int) map.byteStart(r);
                int end = (int) map.byteEnd(r);
                assertArrayEquals(Arrays.copyOfRange(image, start, end), Arrays.copyOfRange(card, start, end));
            }
            assertEquals((byte) 0xee, card[3 << 20], "an unmapped block keeps the card's old bytes, as with bmaptool");
            assertArrayEquals(new byte[64 << 10], Arrays.copyOfRange(card, 5 << 20, (5 << 20) + (64 << 10)),
                    "the named zeros wiped the card's old bytes");
            assertEquals((byte) 0xee, card[(5 << 20) + (64 << 10)], "and nothing after them");
        } finally {
            HostTools.run(List.of("losetup", "-d", loop.toString()));
        }
    }
}
