package org.lowernet.image.release;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * xz compression on every core: the input is cut into fixed chunks, each compressed as a complete xz
 * stream, written in input order. The output depends only on the input, chunk size and preset — never
 * on thread timing — so it is reproducible.
 */
public final class ParallelXz {

    /** Large enough that splitting costs little ratio, small enough to keep both cores busy. */
    public static final int DEFAULT_CHUNK = 32 << 20;

    private final int preset;
    private final int threads;
    private final int chunk;

    public ParallelXz(int preset, int threads, int chunk) {
        this.preset = preset;
        this.threads = Math.max(1, threads);
        this.chunk = chunk;
    }

    public void compress(InputStream in, OutputStream out) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<byte[]>> pending = new ArrayList<>();
            boolean more = true;
            while (more || !pending.isEmpty()) {
                // Keep at most 2 chunks per thread in flight: bounded memory on a big image.
                while (more && pending.size() < 2 * threads) {
                    byte[] next = in.readNBytes(chunk);
                    more = next.length == chunk;
                    if (next.length > 0) {
                        pending.add(pool.submit(() -> compressChunk(next)));
                    }
                }
                if (!pending.isEmpty()) {
                    out.write(pending.removeFirst().get());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("xz compression interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("xz compression failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private byte[] compressChunk(byte[] chunk) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(chunk.length / 4);
        try (XZOutputStream xz = new XZOutputStream(buffer, new LZMA2Options(preset))) {
            xz.write(chunk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }
}
