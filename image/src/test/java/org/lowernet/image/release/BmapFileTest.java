package org.lowernet.image.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.runtime.hash.Sha256;

class BmapFileTest {

    @TempDir
    Path dir;

    /** 40 blocks and a 100-byte tail: data in blocks 0-1, 5, 9-12 (one zero byte block inside is not), tail. */
    static byte[] sampleImage() {
        byte[] image = new byte[40 * 4096 + 100];
        Random random = new Random(7);
        for (int block : new int[] {0, 1, 5, 9, 10, 11, 12}) {
            byte[] data = new byte[4096];
            random.nextBytes(data);
            System.arraycopy(data, 0, image, block * 4096, 4096);
        }
        image[20 * 4096 + 4095] = 1; // one byte is enough to map a block
        image[image.length - 1] = 9;
        return image;
    }

    @Test
    void mapsExactlyTheBlocksThatAreNotAllZero() throws IOException {
        Path image = dir.resolve("x.img");
        Files.write(image, sampleImage());
        BlockMap map = BlockMap.scan(image);
        assertEquals(41, map.blocks());
        assertEquals(List.of("0-1", "5-5", "9-12", "20-20", "40-40"),
                map.ranges().stream().map(r -> r.first() + "-" + r.last()).toList());
        assertEquals(8 * 4096 + 100, map.mappedBytes());
        assertEquals(Sha256.hex(java.util.Arrays.copyOfRange(sampleImage(), 9 * 4096, 13 * 4096)),
                map.ranges().get(2).sha256());
    }

    /** Zero blocks 14-16 and 30 (an extent cutting into it) are named: mapped, as are the data blocks. */
    @Test
    void namedZeroExtentsAreMappedWholeBlocksAndMergeWithTheirNeighbours() throws IOException {
        Path image = dir.resolve("x.img");
        Files.write(image, sampleImage());
        BlockMap map = BlockMap.scan(image, List.of(new BlockMap.Extent(14 * 4096, 3 * 4096),
                new BlockMap.Extent(30 * 4096 + 4000, 10), new BlockMap.Extent(13 * 4096, 1)));
        assertEquals(List.of("0-1", "5-5", "9-16", "20-20", "30-30", "40-40"),
                map.ranges().stream().map(r -> r.first() + "-" + r.last()).toList());
        assertEquals(Sha256.hex(java.util.Arrays.copyOfRange(sampleImage(), 9 * 4096, 17 * 4096)),
                map.ranges().get(2).sha256());
        assertEquals(Sha256.hex(new byte[4096]), map.ranges().get(4).sha256());

        var beyond = assertThrows(IllegalArgumentException.class,
                () -> BlockMap.scan(image, List.of(new BlockMap.Extent(40 * 4096, 4096))));
        assertEquals("extent of 4096 bytes at 163840 reaches beyond the image's 163940 bytes", beyond.getMessage());
    }

    /**
     * bmaptool, the independent judge, reads the named zeros as mapped and writes them (verifying their
     * checksum). It empties a regular-file target first, so "over an old card" is shown on a block device
     * only (flash's LoopDeviceTest); here the count of mapped blocks is what bmaptool can confirm.
     */
    @Test
    void bmaptoolCountsAndWritesTheNamedZeros() throws Exception {
        HostTools.require("bmaptool");
        Path image = dir.resolve("x.img");
        Files.write(image, sampleImage());
        Path bmap = dir.resolve("x.img.bmap");
        BmapFile.write(BlockMap.scan(image, List.of(new BlockMap.Extent(24 * 4096, 8 * 4096))), bmap);
        Path card = dir.resolve("card.bin");

        HostTools.Result copy = HostTools.run(List.of("bmaptool", "copy", "--bmap", bmap.toString(),
                image.toString(), card.toString()));

        assertEquals(0, copy.exitCode(), copy.toString());
        assertTrue(copy.stderr().contains("41 blocks of size 4096 (160.1 KiB), mapped 17 blocks"), copy.toString());
        assertEquals(-1, Files.mismatch(image, card));
    }

    @Test
    void formatThenReadGivesTheSameMapAndTheSameBytesEveryTime() throws IOException {
        Path image = dir.resolve("x.img");
        Files.write(image, sampleImage());
        BlockMap map = BlockMap.scan(image);
        Path bmap = dir.resolve("x.img.bmap");
        BmapFile.write(map, bmap);
        assertEquals(map, BmapFile.read(bmap));
        assertEquals(Files.readString(bmap), BmapFile.format(BlockMap.scan(image)));
    }

    @Test
    void aChangedBmapIsRefused() throws IOException {
        Files.write(dir.resolve("x.img"), sampleImage());
        String text = BmapFile.format(BlockMap.scan(dir.resolve("x.img")));
        Path changed = dir.resolve("changed.bmap");
        Files.writeString(changed, text.replace("9-12", "9-13"));
        IOException e = assertThrows(IOException.class, () -> BmapFile.read(changed));
        assertTrue(e.getMessage().contains("changed or damaged"), e.getMessage());
    }

    @Test
    void bmaptoolCopiesTheImageWithTheBmap() throws Exception {
        HostTools.require("bmaptool");
        Path image = dir.resolve("x.img");
        Files.write(image, sampleImage());
        Path bmap = dir.resolve("x.img.bmap");
        BmapFile.write(BlockMap.scan(image), bmap);
        Path target = dir.resolve("target.bin");

        HostTools.Result copy = HostTools.run(List.of("bmaptool", "copy", "--bmap", bmap.toString(),
                image.toString(), target.toString()));

        assertEquals(0, copy.exitCode(), copy.toString());
        assertEquals(-1, Files.mismatch(image, target));
    }

    @Test
    void bmaptoolRefusesATamperedChecksum() throws Exception {
        HostTools.require("bmaptool");
        Path image = dir.resolve("x.img");
        Files.write(image, sampleImage());
        String text = BmapFile.format(BlockMap.scan(image));
        String stated = text.replaceAll("(?s).*<BmapFileChecksum> (\\p{XDigit}{64}) </BmapFileChecksum>.*", "$1");
        String flipped = (stated.charAt(0) == 'a' ? "b" : "a") + stated.substring(1);
        Path bmap = dir.resolve("tampered.bmap");
        Files.writeString(bmap, text.replace(stated, flipped));

        HostTools.Result copy = HostTools.run(List.of("bmaptool", "copy", "--bmap", bmap.toString(),
                image.toString(), dir.resolve("target.bin").toString()));

        assertNotEquals(0, copy.exitCode(), copy.toString());
        assertTrue(copy.stderr().contains("checksum mismatch for bmap file"), copy.toString());
    }

    @Test
    void bmaptoolRefusesARangeWhoseDataChanged() throws Exception {
        HostTools.require("bmaptool");
        Path image = dir.resolve("x.img");
        byte[] bytes = sampleImage();
        Files.write(image, bytes);
        Path bmap = dir.resolve("x.img.bmap");
        BmapFile.write(BlockMap.scan(image), bmap);
        bytes[5 * 4096 + 17] ^= 1;
        Files.write(image, bytes);

        HostTools.Result copy = HostTools.run(List.of("bmaptool", "copy", "--bmap", bmap.toString(),
                image.toString(), dir.resolve("target.bin").toString()));

        assertNotEquals(0, copy.exitCode(), copy.toString());
        assertTrue(copy.stderr().contains("checksum mismatch"), copy.toString());
    }
}
