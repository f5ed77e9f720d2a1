package org.lowernet.image.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.lowernet.image.xz.Lzma2Settings;
import org.lowernet.image.xz.XzBlock;
import org.lowernet.image.xz.XzStreamWriter;
import org.lowernet.runtime.hash.Sha256;

/**
 * xz compression on every core, cached by content: the input is cut into fixed blocks, each compressed
 * as an independent block of one .xz stream. A block's bytes depend only on its input bytes and the
 * settings, so they are looked up by the SHA-256 of those first and compressed only when missing; an
 * image that changed in one place costs one block's compression. Output is reproducible: blocks are
 * written in input order whatever the threads did.
 */
public final class ParallelXz {

    /**
     * Encoded blocks kept between runs, by a key naming their uncompressed bytes and settings. A damaged
     * entry may be returned: it is checked and compressed again.
     */
    public interface BlockCache {
        Optional<byte[]> get(String key) throws IOException;

        void put(String key, byte[] block) throws IOException;

        BlockCache NONE = new BlockCache() {
            @Override
            public Optional<byte[]> get(String key) {
                return Optional.empty();
            }

            @Override
            public void put(String key, byte[] block) {
                // Nothing kept: every block is compressed.
            }
        };
    }

    /** How many blocks the stream has and how many of them had to be compressed (not found cached). */
    public record Result(int blocks, int compressed) {
    }

    /** Bump when the same input and settings would give other block bytes. */
    private static final String KEY_FORMAT = "lowernet-xz-block-3";
    /** The encoder's version (its jar's manifest): another version may pick other bytes for the same block. */
    private static final String ENCODER = "xz-java " + org.tukaani.xz.XZ.class.getPackage().getImplementationVersion();

    private final Lzma2Settings settings;
    private final int threads;
    private final int blockSize;
    private final byte[] zeros;
    /** The all-zero block of each length, found or made once per stream (half of an image is empty). */
    private final Map<Integer, XzBlock> zeroBlocks = new ConcurrentHashMap<>();

    public ParallelXz(int preset, int threads, int blockSize) {
        this.settings = Lzma2Settings.forBlocks(preset, blockSize);
        this.threads = Math.max(1, threads);
        this.blockSize = blockSize;
        this.zeros = new byte[blockSize];
    }

    public Result compress(InputStream in, OutputStream out) throws IOException {
        return compress(in, out, BlockCache.NONE);
    }

    public Result compress(InputStream in, OutputStream out, BlockCache cache) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            XzStreamWriter xz = new XzStreamWriter(out);
            Deque<Future<Encoded>> pending = new ArrayDeque<>();
            int blocks = 0;
            int compressed = 0;
            boolean more = true;
            while (more || !pending.isEmpty()) {
                // At most 2 blocks per thread in flight: bounded memory on a big image.
                while (more && pending.size() < 2 * threads) {
                    byte[] next = in.readNBytes(blockSize);
                    more = next.length == blockSize;
                    if (next.length > 0) {
                        pending.add(pool.submit(() -> encode(next, cache)));
                    }
                }
                if (!pending.isEmpty()) {
                    Encoded done = pending.removeFirst().get();
                    xz.write(done.block());
                    blocks++;
                    compressed += done.compressed() ? 1 : 0;
                }
            }
            xz.finish();
            return new Result(blocks, compressed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("xz compression interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("xz compression failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private record Encoded(XzBlock block, boolean compressed) {
    }

    private Encoded encode(byte[] data, BlockCache cache) throws IOException {
        boolean zero = Arrays.equals(data, 0, data.length, zeros, 0, data.length);
        if (!zero) {
            return lookUpOrCompress(data, false, cache);
        }
        // With a cold cache the threads would compress the same zeros side by side (~0.1 s a 4 MiB block at
        // preset 6); computeIfAbsent makes the others wait for the first one's block.
        boolean[] compressed = new boolean[1];
        try {
            XzBlock block = zeroBlocks.computeIfAbsent(data.length, length -> {
                try {
                    Encoded made = lookUpOrCompress(data, true, cache);
                    compressed[0] = made.compressed();
                    return made.block();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return new Encoded(block, compressed[0]);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private Encoded lookUpOrCompress(byte[] data, boolean zero, BlockCache cache) throws IOException {
        String key = key(data, zero);
        Optional<byte[]> kept = cache.get(key);
        if (kept.isPresent()) {
            try {
                XzBlock block = XzBlock.parse(kept.get());
                if (block.uncompressedSize() == data.length) {
                    return new Encoded(block, false);
                }
                System.err.println("warning: cached xz block " + key + " holds " + block.uncompressedSize()
                        + " bytes, not " + data.length + "; compressing it again");
            } catch (IllegalArgumentException e) {
                System.err.println("warning: cached xz block " + key + " is damaged (" + e.getMessage()
                        + "); compressing it again");
            }
        }
        XzBlock block = XzBlock.compress(data, 0, data.length, settings);
        cache.put(key, block.bytes());
        return new Encoded(block, true);
    }

    /** An all-zero block (half of an image is empty) is named by its length: no need to hash it. */
    private String key(byte[] data, boolean zero) {
        MessageDigest sha = Sha256.digest();
        sha.update((KEY_FORMAT + " " + ENCODER + " preset " + settings.preset() + " dictionary " + settings.dictSize() + "\0")
                .getBytes(StandardCharsets.UTF_8));
        if (zero) {
            sha.update(("zeros " + data.length).getBytes(StandardCharsets.UTF_8));
        } else {
            sha.update((byte) 1);
            sha.update(data);
        }
        return Sha256.hex(sha);
    }
}
