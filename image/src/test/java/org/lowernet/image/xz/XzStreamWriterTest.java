package org.lowernet.image.xz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.tukaani.xz.SeekableFileInputStream;
import org.tukaani.xz.SeekableXZInputStream;
import org.tukaani.xz.XZInputStream;

class XzStreamWriterTest {

    private static final int BLOCK = 64 << 10;
    private static final Lzma2Settings SETTINGS = Lzma2Settings.forBlocks(1, BLOCK);

    /** Text, random bytes (which LZMA2 stores uncompressed) and zeros; the last block partial. */
    private static byte[] sample() {
        byte[] data = new byte[3 * BLOCK + 777];
        byte[] text = "lowernet builds routers\n".repeat(BLOCK / 24 + 1).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, data, 0, BLOCK);
        byte[] random = new byte[BLOCK];
        new Random(7).nextBytes(random);
        System.arraycopy(random, 0, data, BLOCK, BLOCK);
        return data;
    }

    private static List<XzBlock> blocks(byte[] data) {
        return java.util.stream.IntStream.range(0, (data.length + BLOCK - 1) / BLOCK)
                .mapToObj(i -> XzBlock.compress(data, i * BLOCK, Math.min(BLOCK, data.length - i * BLOCK), SETTINGS))
                .toList();
    }

    private static byte[] stream(List<XzBlock> blocks) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XzStreamWriter xz = new XzStreamWriter(out);
        for (XzBlock block : blocks) {
            xz.write(block);
        }
        xz.finish();
        return out.toByteArray();
    }

    @Test
    void tukaaniReadsTheStreamBackStraightAndBySeeking(@TempDir Path dir) throws IOException {
        byte[] data = sample();
        byte[] xz = stream(blocks(data));
        Path file = Files.write(dir.resolve("sample.xz"), xz);

        assertArrayEquals(data, new XZInputStream(new ByteArrayInputStream(xz)).readAllBytes());
        // The seekable reader (flash-sd's) trusts the index: sizes and block boundaries must be right.
        try (SeekableXZInputStream seekable = new SeekableXZInputStream(new SeekableFileInputStream(file.toFile()))) {
            assertEquals(4, seekable.getBlockCount());
            assertEquals(data.length, seekable.length());
            seekable.seek(2 * BLOCK + 5);
            assertEquals(Byte.toUnsignedInt(data[2 * BLOCK + 5]), seekable.read());
        }
    }

    @Test
    void hostXzTestsTheStreamAndListsEveryBlockWithItsSizes(@TempDir Path dir) throws Exception {
        HostTools.require("xz");
        byte[] data = sample();
        Files.write(dir.resolve("sample.xz"), stream(blocks(data)));

        HostTools.sh(dir, "xz -t sample.xz");
        assertArrayEquals(data, HostTools.run(List.of("xz", "-dc", dir.resolve("sample.xz").toString())).stdout());
        // xz(1) --robot "block" lines, split at tabs: [7] uncompressed size, [9] check, [12] header flags
        // ("cu": both sizes in the header, what lets xz -T decompress blocks in parallel).
        List<String[]> rows = HostTools.sh(dir, "xz -lvv --robot sample.xz").lines()
                .filter(l -> l.startsWith("block\t")).map(l -> l.split("\t")).toList();
        assertEquals(4, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            String row = Arrays.toString(rows.get(i));
            assertEquals(Long.toString(Math.min(BLOCK, data.length - (long) i * BLOCK)), rows.get(i)[7], row);
            assertEquals("CRC64", rows.get(i)[9], row);
            assertEquals("cu", rows.get(i)[12], row);
        }
    }

    @Test
    void bytesThatAreCompressedAlreadyAreStoredInChunksThatHostXzReads(@TempDir Path dir) throws Exception {
        HostTools.require("xz");
        // Four chunks, the last of 5 bytes, then text that must still be compressed.
        byte[] random = new byte[3 * Lzma2Stored.MAX_CHUNK + 5];
        new Random(11).nextBytes(random);
        XzBlock stored = XzBlock.compress(random, 0, random.length, Lzma2Settings.forBlocks(6, 1 << 20));
        // Header (at most 16 bytes here), 3 bytes before each chunk, the end byte, padding, CRC64.
        assertTrue(stored.unpaddedSize() <= 16 + random.length + 4 * 3 + 1 + 8, "stored: " + stored.unpaddedSize());
        byte[] text = "lowernet builds routers\n".repeat(5000).getBytes(StandardCharsets.US_ASCII);
        XzBlock compressed = XzBlock.compress(text, 0, text.length, Lzma2Settings.forBlocks(6, 1 << 20));
        assertTrue(compressed.unpaddedSize() < text.length / 20, "text: " + compressed.unpaddedSize());

        byte[] xz = stream(List.of(stored, compressed));
        Files.write(dir.resolve("mixed.xz"), xz);
        byte[] both = new byte[random.length + text.length];
        System.arraycopy(random, 0, both, 0, random.length);
        System.arraycopy(text, 0, both, random.length, text.length);
        HostTools.sh(dir, "xz -t mixed.xz");
        assertArrayEquals(both, HostTools.run(List.of("xz", "-dc", dir.resolve("mixed.xz").toString())).stdout());
        assertArrayEquals(both, new XZInputStream(new ByteArrayInputStream(xz)).readAllBytes());
    }

    @Test
    void aBlockOfBothKindsStoresItsCompressedStretchesAndCompressesTheRest(@TempDir Path dir) throws Exception {
        HostTools.require("xz");
        int chunk = Incompressible.CHUNK;
        byte[] text = "lowernet builds routers\n".repeat(3 * chunk / 24 + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] random = new byte[4 * chunk + 100];
        new Random(5).nextBytes(random);
        // text (3 chunks), random (4 chunks and 100 bytes, so the chunk after it is judged half random), text.
        ByteArrayOutputStream parts = new ByteArrayOutputStream();
        parts.write(text, 0, 3 * chunk);
        parts.write(random);
        parts.write(text, 0, 2 * chunk);
        byte[] data = parts.toByteArray();

        assertEquals(List.of(new Incompressible.Run(0, 3 * chunk, false),
                new Incompressible.Run(3 * chunk, 4 * chunk, true),
                new Incompressible.Run(7 * chunk, data.length - 7 * chunk, false)),
                Incompressible.runs(data, 0, data.length));
        XzBlock block = XzBlock.compress(data, 0, data.length, Lzma2Settings.forBlocks(6, 1 << 20));
        // The random chunks stored (3 bytes before each), the text to almost nothing, the last run's 100 random
        // bytes as LZMA2 can.
        assertTrue(block.unpaddedSize() < random.length + 2_000, "block: " + block.unpaddedSize());

        byte[] xz = stream(List.of(block));
        Files.write(dir.resolve("runs.xz"), xz);
        HostTools.sh(dir, "xz -t runs.xz");
        assertArrayEquals(data, HostTools.run(List.of("xz", "-dc", dir.resolve("runs.xz").toString())).stdout());
        assertArrayEquals(data, new XZInputStream(new ByteArrayInputStream(xz)).readAllBytes());
    }

    @Test
    void noRunUsesALargerDictionaryThanItsBlockHeaderNames() throws IOException {
        // 100 KiB of letters (deflate halves them, so one compressed run), twice: a match 100 KiB back, which
        // a decoder with the header's 64 KiB dictionary cannot follow.
        byte[] letters = new byte[100 << 10];
        Random random = new Random(3);
        for (int i = 0; i < letters.length; i++) {
            letters[i] = (byte) ('a' + random.nextInt(16));
        }
        byte[] data = new byte[2 * letters.length];
        System.arraycopy(letters, 0, data, 0, letters.length);
        System.arraycopy(letters, 0, data, letters.length, letters.length);
        Lzma2Settings small = Lzma2Settings.forBlocks(6, 64 << 10);

        XzBlock block = XzBlock.compress(data, 0, data.length, small);

        assertArrayEquals(data, new XZInputStream(new ByteArrayInputStream(stream(List.of(block)))).readAllBytes());
    }

    @Test
    void aBlockDependsOnlyOnItsBytesAndReadsBackFromItsOwnHeader() {
        byte[] data = sample();
        XzBlock alone = XzBlock.compress(Arrays.copyOfRange(data, BLOCK, 2 * BLOCK), 0, BLOCK, SETTINGS);
        XzBlock inPlace = blocks(data).get(1);

        assertArrayEquals(alone.bytes(), inPlace.bytes());
        XzBlock parsed = XzBlock.parse(inPlace.bytes());
        assertEquals(inPlace.unpaddedSize(), parsed.unpaddedSize());
        assertEquals(BLOCK, parsed.uncompressedSize());
    }

    @Test
    void aDamagedOrCutBlockIsRefused() {
        byte[] bytes = blocks(sample()).getFirst().bytes();
        byte[] flipped = bytes.clone();
        flipped[3] ^= 1;

        assertThrows(IllegalArgumentException.class, () -> XzBlock.parse(flipped));
        assertThrows(IllegalArgumentException.class, () -> XzBlock.parse(Arrays.copyOf(bytes, bytes.length - 4)));
    }

    @Test
    void theDictionaryIsNoLargerThanABlockAndIsExactlyExpressible() {
        assertEquals(8 << 20, Lzma2Settings.forBlocks(6, 8 << 20).dictSize());
        assertEquals(8 << 20, Lzma2Settings.forBlocks(9, 8 << 20).dictSize());
        assertEquals(3 << 20, Lzma2Settings.forBlocks(9, 3 << 20).dictSize());
        assertEquals(4 << 20, Lzma2Settings.forBlocks(9, (3 << 20) + 1).dictSize());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Lzma2Settings(6, 5 << 20)).getMessage()
                .contains("5242880"));
    }
}
