package org.lowernet.image.xz;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Which stretches of a block are compressed already: deflate at its fastest (tens of MB/s, LZMA2 manages a few)
 * saves less than 1 % of each 64 KiB of them. An image's block often holds both, the end of the firmware and the
 * start of the zstd system, so the block is judged chunk by chunk. Deterministic, so a block's encoding still
 * depends only on its bytes.
 */
final class Incompressible {

    /** Deflate's own framing costs a few bytes in 1,000 on random input; xz -6 saved 0.66 % of lowernet's zstd system. */
    private static final double MAX_SAVING = 0.01;
    /** The unit judged: one LZMA2 uncompressed chunk. */
    static final int CHUNK = Lzma2Stored.MAX_CHUNK;

    /**
     * Consecutive bytes of a block that are all worth compressing, or all not.
     *
     * @param offset where the run starts in the array
     * @param stored true when the run is compressed already: it is stored, not compressed again
     */
    record Run(int offset, int length, boolean stored) {
    }

    private Incompressible() {
    }

    /** The runs {@code length} bytes from {@code offset} fall into, in order; none for no bytes. */
    static List<Run> runs(byte[] data, int offset, int length) {
        List<Run> runs = new ArrayList<>();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        byte[] scratch = new byte[CHUNK + CHUNK / 8];
        try {
            int start = offset;
            boolean startStored = false;
            for (int at = offset, end = offset + length; at < end; at += CHUNK) {
                int size = Math.min(CHUNK, end - at);
                boolean stored = deflatesTo(deflater, data, at, size, scratch) >= size * (1 - MAX_SAVING);
                if (at == offset) {
                    startStored = stored;
                } else if (stored != startStored) {
                    runs.add(new Run(start, at - start, startStored));
                    start = at;
                    startStored = stored;
                }
            }
            if (length > 0) {
                runs.add(new Run(start, offset + length - start, startStored));
            }
            return runs;
        } finally {
            deflater.end();
        }
    }

    private static long deflatesTo(Deflater deflater, byte[] data, int offset, int length, byte[] scratch) {
        deflater.reset();
        deflater.setInput(data, offset, length);
        deflater.finish();
        long out = 0;
        while (!deflater.finished()) {
            out += deflater.deflate(scratch);
        }
        return out;
    }
}
