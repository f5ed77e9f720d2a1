package org.lowernet.image.squashfs;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;

/**
 * One metadata table (inodes, directories, ids): a stream cut into blocks of 8 KiB, each stored behind a
 * 16-bit length, compressed when that makes it smaller (else the length's top bit says "stored").
 * A reference to a place in the table is the stored offset of its block and the offset inside the block.
 */
final class MetadataWriter {

    static final int BLOCK = 8192;
    private static final int STORED = 0x8000;

    private final int level;
    private final ByteArrayOutputStream table = new ByteArrayOutputStream();
    private final byte[] block = new byte[BLOCK];
    private int used;

    MetadataWriter(int level) {
        this.level = level;
    }

    /** Where the next byte goes: the block's offset in the table (upper bits), the offset in the block (low 16). */
    long reference() {
        return ((long) table.size() << 16) | used;
    }

    void write(byte[] bytes) {
        int done = 0;
        while (done < bytes.length) {
            int n = Math.min(bytes.length - done, BLOCK - used);
            System.arraycopy(bytes, done, block, used, n);
            used += n;
            done += n;
            if (used == BLOCK) {
                flush();
            }
        }
    }

    /** The whole table, its last block flushed. */
    byte[] finish() {
        if (used > 0) {
            flush();
        }
        return table.toByteArray();
    }

    private void flush() {
        byte[] raw = java.util.Arrays.copyOf(block, used);
        byte[] packed = Zstd.compress(raw, level);
        boolean stored = packed.length >= raw.length;
        byte[] body = stored ? raw : packed;
        int header = body.length | (stored ? STORED : 0);
        table.write(header & 0xFF);
        table.write(header >>> 8);
        table.write(body, 0, body.length);
        used = 0;
    }
}
