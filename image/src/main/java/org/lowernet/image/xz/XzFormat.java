package org.lowernet.image.xz;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;

/** The format's shared pieces: magic bytes, the check type, variable-length integers, CRC32 fields. */
final class XzFormat {

    /** Stream header magic (spec 2.1.1.1). */
    static final byte[] HEADER_MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};
    /** Stream footer magic (spec 2.1.2.4). */
    static final byte[] FOOTER_MAGIC = {'Y', 'Z'};
    /** Check type 0x04, CRC64 (spec 2.1.1.2, 3.4): xz(1)'s default. */
    static final int CHECK_CRC64 = 0x04;
    static final int CHECK_SIZE = 8;
    /** Filter ID of LZMA2 (spec 5.3.1). */
    static final int FILTER_LZMA2 = 0x21;
    /** Everything in the format is padded to multiples of four bytes (spec 3.1.6, 3.3, 4.4). */
    static final int ALIGNMENT = 4;

    private XzFormat() {
    }

    /** Multibyte integer (spec 1.2): seven bits per byte, least significant first, high bit = more follows. */
    static void writeVli(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("xz integers are unsigned, got " + value);
        }
        long rest = value;
        while (rest >= 0x80) {
            out.write((int) (rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    /** Appends the CRC32 of everything written so far, little-endian (how every CRC32 field is stored). */
    static void writeCrc32(ByteArrayOutputStream out) {
        writeLe32(out, crc32(out.toByteArray()));
    }

    static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    static void writeLe32(ByteArrayOutputStream out, long value) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }

    static void padToAlignment(ByteArrayOutputStream out, long sizeSoFar) {
        for (long i = sizeSoFar; i % ALIGNMENT != 0; i++) {
            out.write(0);
        }
    }

    static long padded(long size) {
        return (size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }
}
