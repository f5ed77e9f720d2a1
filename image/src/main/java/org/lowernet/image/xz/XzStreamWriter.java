package org.lowernet.image.xz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One .xz stream (spec 2): the header, then blocks in the order given, then at {@link #finish()} the index
 * of every block and the footer. The caller owns {@code out} and closes it.
 */
public final class XzStreamWriter {

    /** Index indicator: the byte where a block header would start (spec 4.1). */
    private static final int INDEX_INDICATOR = 0x00;

    private final OutputStream out;
    private final List<XzBlock> blocks = new ArrayList<>();
    private boolean finished;

    public XzStreamWriter(OutputStream out) throws IOException {
        this.out = out;
        // Stream header (spec 2.1.1): magic, flags, CRC32 of the flags.
        ByteArrayOutputStream header = new ByteArrayOutputStream(12);
        header.writeBytes(XzFormat.HEADER_MAGIC);
        header.writeBytes(streamFlags());
        XzFormat.writeLe32(header, XzFormat.crc32(streamFlags()));
        out.write(header.toByteArray());
    }

    public void write(XzBlock block) throws IOException {
        if (finished) {
            throw new IllegalStateException("the xz stream is already finished");
        }
        out.write(block.bytes());
        blocks.add(block);
    }

    /** Writes the index and the footer; nothing can be written after. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        ByteArrayOutputStream index = new ByteArrayOutputStream(16 + 8 * blocks.size());
        index.write(INDEX_INDICATOR);
        XzFormat.writeVli(index, blocks.size());
        for (XzBlock block : blocks) {
            XzFormat.writeVli(index, block.unpaddedSize());
            XzFormat.writeVli(index, block.uncompressedSize());
        }
        XzFormat.padToAlignment(index, index.size());
        XzFormat.writeCrc32(index);
        out.write(index.toByteArray());

        // Footer (spec 2.1.2): CRC32 over backward size and flags, backward size = index size / 4 - 1,
        // the same flags as the header, the magic.
        ByteArrayOutputStream sized = new ByteArrayOutputStream(6);
        XzFormat.writeLe32(sized, index.size() / XzFormat.ALIGNMENT - 1);
        sized.writeBytes(streamFlags());
        ByteArrayOutputStream footer = new ByteArrayOutputStream(12);
        XzFormat.writeLe32(footer, XzFormat.crc32(sized.toByteArray()));
        sized.writeTo(footer);
        footer.writeBytes(XzFormat.FOOTER_MAGIC);
        out.write(footer.toByteArray());
    }

    /** Stream flags (spec 2.1.1.2): a reserved zero byte, then the check type. */
    private static byte[] streamFlags() {
        return new byte[] {0, XzFormat.CHECK_CRC64};
    }
}
