package org.lowernet.image.xz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import org.tukaani.xz.FinishableOutputStream;
import org.tukaani.xz.FinishableWrapperOutputStream;
import org.tukaani.xz.check.CRC64;

/**
 * One encoded block (spec 3): header with both sizes, LZMA2 data, padding, CRC64 of the uncompressed
 * bytes. Its bytes are self-describing, so kept bytes are read back with {@link #parse(byte[])}.
 *
 * @param bytes            the whole block as it goes into a stream
 * @param unpaddedSize     header + compressed data + check, without the padding: what the index records
 * @param uncompressedSize the bytes it decompresses to
 */
public record XzBlock(byte[] bytes, long unpaddedSize, long uncompressedSize) {

    // Block flags (spec 3.1.2): bits 0-1 the number of filters - 1, bit 6 compressed size present,
    // bit 7 uncompressed size present.
    private static final int FLAG_COMPRESSED_SIZE = 0x40;
    private static final int FLAG_UNCOMPRESSED_SIZE = 0x80;
    /** The header's CRC32 field. */
    private static final int HEADER_CRC_SIZE = 4;
    /** A header holds at most 1024 bytes: its first byte is (size / 4) - 1 (spec 3.1.1). */
    private static final int MAX_HEADER_SIZE = 1024;
    /** LZMA2's control byte 0: the end of its data. */
    private static final int LZMA2_END = 0x00;

    /**
     * Compresses {@code length} bytes of {@code data} from {@code offset} as one block. Stretches a fast compressor
     * cannot shrink (an image's zstd system, gzip'd kernel) are stored as LZMA2's uncompressed chunks instead: LZMA2
     * would spend most of a build's compression time on them and save under 1 %. Each stretch starts with a
     * dictionary reset, which LZMA2 allows anywhere in its stream.
     */
    public static XzBlock compress(byte[] data, int offset, int length, Lzma2Settings settings) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(length / 4 + 64);
        ByteArrayOutputStream block = new ByteArrayOutputStream(length / 4 + 128);
        try {
            for (Incompressible.Run run : Incompressible.runs(data, offset, length)) {
                if (run.stored()) {
                    Lzma2Stored.write(data, run.offset(), run.length(), compressed);
                } else {
                    writeCompressed(data, run, settings, compressed);
                }
            }
            compressed.write(LZMA2_END);
            block.writeBytes(header(compressed.size(), length, settings));
            compressed.writeTo(block);
        } catch (IOException e) {
            throw new UncheckedIOException("LZMA2 into memory failed", e);
        }
        long unpadded = block.size() + XzFormat.CHECK_SIZE;
        XzFormat.padToAlignment(block, block.size());
        CRC64 check = new CRC64();
        check.update(data, offset, length);
        block.writeBytes(check.finish());
        return new XzBlock(block.toByteArray(), unpadded, length);
    }

    /**
     * One run's LZMA2 chunks, without the end byte the encoder closes its stream with. Its dictionary is no larger
     * than the run, nor than the block's (its header names the largest any run may use): a short run needs no
     * 8 MiB of encoder.
     */
    private static void writeCompressed(byte[] data, Incompressible.Run run, Lzma2Settings block,
            ByteArrayOutputStream out) throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream(run.length() / 4 + 64);
        FinishableOutputStream lzma2 = Lzma2Settings.forBlocks(block.preset(), Math.min(run.length(), block.dictSize()))
                .options()
                .getOutputStream(new FinishableWrapperOutputStream(stream));
        lzma2.write(data, run.offset(), run.length());
        lzma2.finish();
        byte[] bytes = stream.toByteArray();
        if (bytes.length == 0 || bytes[bytes.length - 1] != LZMA2_END) {
            throw new IllegalStateException("the LZMA2 encoder did not end its stream with the end byte");
        }
        out.write(bytes, 0, bytes.length - 1);
    }

    /** Block header (spec 3.1): size, flags, both sizes, the LZMA2 filter flags, padding, CRC32. */
    private static byte[] header(long compressedSize, long uncompressedSize, Lzma2Settings settings) {
        ByteArrayOutputStream fields = new ByteArrayOutputStream(32);
        fields.write(0); // the size byte, set below
        fields.write(FLAG_COMPRESSED_SIZE | FLAG_UNCOMPRESSED_SIZE); // and one filter: bits 0-1 are 0
        XzFormat.writeVli(fields, compressedSize);
        XzFormat.writeVli(fields, uncompressedSize);
        XzFormat.writeVli(fields, XzFormat.FILTER_LZMA2);
        XzFormat.writeVli(fields, 1); // size of the filter properties
        fields.write(settings.propertiesByte());
        XzFormat.padToAlignment(fields, fields.size() + HEADER_CRC_SIZE);
        byte[] header = fields.toByteArray();
        header[0] = (byte) ((header.length + HEADER_CRC_SIZE) / XzFormat.ALIGNMENT - 1);
        ByteArrayOutputStream withCrc = new ByteArrayOutputStream(header.length + HEADER_CRC_SIZE);
        withCrc.writeBytes(header);
        XzFormat.writeCrc32(withCrc);
        return withCrc.toByteArray();
    }

    /**
     * Reads back a block this class encoded: checks the header's CRC32 and that the bytes are exactly as
     * long as its sizes say. The LZMA2 data and the check are not decoded (a reader of the stream does).
     */
    public static XzBlock parse(byte[] bytes) {
        if (bytes.length < 8) {
            throw new IllegalArgumentException("an xz block of " + bytes.length + " bytes is too short for a header");
        }
        int headerSize = (Byte.toUnsignedInt(bytes[0]) + 1) * XzFormat.ALIGNMENT;
        if (bytes[0] == 0 || headerSize > bytes.length || headerSize > MAX_HEADER_SIZE) {
            throw new IllegalArgumentException("bad xz block header size byte " + Byte.toUnsignedInt(bytes[0]));
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, headerSize - HEADER_CRC_SIZE);
        long stored = Integer.toUnsignedLong(ByteBuffer.wrap(bytes, headerSize - HEADER_CRC_SIZE, HEADER_CRC_SIZE)
                .order(ByteOrder.LITTLE_ENDIAN).getInt());
        int flags = Byte.toUnsignedInt(bytes[1]);
        if (crc.getValue() != stored || flags != (FLAG_COMPRESSED_SIZE | FLAG_UNCOMPRESSED_SIZE)) {
            throw new IllegalArgumentException("xz block header is damaged or not one this writer made (flags "
                    + Integer.toHexString(flags) + ")");
        }
        ByteBuffer fields = ByteBuffer.wrap(bytes, 2, headerSize - HEADER_CRC_SIZE - 2);
        long compressedSize = readVli(fields);
        long uncompressedSize = readVli(fields);
        long expected = XzFormat.padded(headerSize + compressedSize) + XzFormat.CHECK_SIZE;
        if (expected != bytes.length) {
            throw new IllegalArgumentException("xz block is " + bytes.length + " bytes, its header says " + expected);
        }
        return new XzBlock(bytes, headerSize + compressedSize + XzFormat.CHECK_SIZE, uncompressedSize);
    }

    private static long readVli(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 63; shift += 7) {
            if (!in.hasRemaining()) {
                throw new IllegalArgumentException("xz block header ends inside a size field");
            }
            int b = Byte.toUnsignedInt(in.get());
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("xz block header has a size field longer than 9 bytes");
    }
}
