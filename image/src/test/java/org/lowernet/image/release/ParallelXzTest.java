package org.lowernet.image.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.tukaani.xz.XZInputStream;

class ParallelXzTest {

    private static final int CHUNK = 64 << 10;

    /** Several chunks, the last one partial; half random, half zeros, like an image. */
    private static byte[] sample() {
        byte[] data = new byte[4 * CHUNK + 12345];
        new Random(42).nextBytes(data);
        java.util.Arrays.fill(data, CHUNK / 2, 2 * CHUNK + CHUNK / 2, (byte) 0);
        return data;
    }

    private static byte[] compress(byte[] data, int threads) throws IOException {
        return compress(data, threads, ParallelXz.BlockCache.NONE, 5);
    }

    private static byte[] compress(byte[] data, int threads, ParallelXz.BlockCache cache, int expectCompressed)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ParallelXz.Result result = new ParallelXz(0, threads, CHUNK).compress(new ByteArrayInputStream(data), out, cache);
        assertEquals(new ParallelXz.Result(5, expectCompressed), result);
        return out.toByteArray();
    }

    /** A cache in memory that counts what it was asked. */
    private static final class MapCache implements ParallelXz.BlockCache {
        final Map<String, byte[]> blocks = new HashMap<>();

        @Override
        public Optional<byte[]> get(String key) {
            return Optional.ofNullable(blocks.get(key));
        }

        @Override
        public void put(String key, byte[] block) {
            blocks.put(key, block);
        }
    }

    @Test
    void onlyChangedBlocksAreCompressedAgainAndTheOutputEqualsAFreshOne() throws IOException {
        byte[] data = sample();
        MapCache cache = new MapCache();
        compress(data, 2, cache, 5);
        byte[] changed = data.clone();
        changed[3 * CHUNK + 10] ^= 1;

        byte[] incremental = compress(changed, 2, cache, 1);

        assertArrayEquals(compress(changed, 1), incremental);
        assertArrayEquals(changed, new XZInputStream(new ByteArrayInputStream(incremental)).readAllBytes());
    }

    @Test
    void aDamagedCachedBlockIsCompressedAgain() throws IOException {
        byte[] data = sample();
        MapCache cache = new MapCache();
        byte[] fresh = compress(data, 2, cache, 5);
        cache.blocks.replaceAll((key, block) -> Arrays.copyOf(block, block.length - 1));

        assertArrayEquals(fresh, compress(data, 2, cache, 5));
    }

    @Test
    void oneStreamOfBlocksDecompressesToTheInputAndDoesNotDependOnThreads() throws IOException {
        byte[] data = sample();
        byte[] two = compress(data, 2);

        assertArrayEquals(data, new XZInputStream(new ByteArrayInputStream(two)).readAllBytes());
        assertArrayEquals(two, compress(data, 1));
    }

    @Test
    void theZerosOfAnImageAreCompressedOnceForEachLength() throws IOException {
        // Six zero blocks, one of noise, then a short zero tail: zeros of two lengths.
        byte[] data = new byte[7 * CHUNK + 100];
        byte[] noise = new byte[CHUNK];
        new Random(7).nextBytes(noise);
        System.arraycopy(noise, 0, data, 3 * CHUNK, CHUNK);
        for (int threads : new int[] {1, 2, 4}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ParallelXz.Result result = new ParallelXz(0, threads, CHUNK)
                    .compress(new ByteArrayInputStream(data), out, ParallelXz.BlockCache.NONE);

            assertEquals(new ParallelXz.Result(8, 3), result, threads + " threads");
            assertArrayEquals(data, new XZInputStream(new ByteArrayInputStream(out.toByteArray())).readAllBytes());
        }
    }

    @Test
    void theHostXzToolAcceptsTheOutput(@TempDir Path dir) throws IOException, InterruptedException {
        byte[] data = sample();
        HostTools.require("xz");
        Files.write(dir.resolve("sample.xz"), compress(data, 2));

        HostTools.sh(dir, "xz -t sample.xz");
        assertTrue(HostTools.sh(dir, "xz -l --robot sample.xz").contains("\nfile\t1\t5\t"), "one stream of 5 blocks");
        String decompressedSize = HostTools.sh(dir, "xz -dc sample.xz | wc -c").strip();

        assertEquals(Integer.toString(data.length), decompressedSize);
    }
}
