package org.lowernet.image.xz;

import java.io.ByteArrayOutputStream;

/**
 * Bytes as LZMA2's uncompressed chunks (the xz format's LZMA2 filter, as xz-utils' lzma2_encoder writes them when
 * compression does not pay): control byte 1 (dictionary reset) for the first chunk and 2 for the next, the chunk's
 * size - 1 in two big-endian bytes, the bytes. No end byte: more chunks may follow in the same stream.
 */
final class Lzma2Stored {

    /** An uncompressed chunk holds at most 64 KiB. */
    static final int MAX_CHUNK = 1 << 16;
    private static final int STORED_RESET_DICTIONARY = 0x01;
    private static final int STORED = 0x02;

    private Lzma2Stored() {
    }

    static void write(byte[] data, int offset, int length, ByteArrayOutputStream out) {
        for (int done = 0; done < length; done += MAX_CHUNK) {
            int size = Math.min(MAX_CHUNK, length - done);
            out.write(done == 0 ? STORED_RESET_DICTIONARY : STORED);
            out.write((size - 1) >>> 8);
            out.write((size - 1) & 0xFF);
            out.write(data, offset + done, size);
        }
    }
}
