package org.lowernet.image.kernel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPOutputStream;
import org.lowernet.image.tree.Content;

/**
 * The kernel as the boot partition carries it: Debian's arm64 Image, gzip-compressed (37.8 MB to 13.7 MB for
 * 6.12). The Pi firmware recognises a gzip'd 64-bit kernel by its signature bytes and unpacks it (Pi 3, 3+, 4,
 * 400, Zero 2 W, CM3, CM4: Raspberry Pi documentation, config_txt/boot.adoc, {@code arm_64bit}); QEMU's
 * {@code -kernel} unpacks it too. The JDK's gzip header has no name and an mtime of 0, so equal input gives
 * equal bytes on one JDK.
 */
public final class GzipKernel {

    /** An arm64 Image says "ARM\x64" at byte 56 (Linux, Documentation/arch/arm64/booting.rst). */
    private static final int MAGIC_OFFSET = 56;
    private static final int MAGIC = 0x644d5241;
    /** Level 6: level 9 saves 0.3 % on Debian's 6.12 Image and takes 2.4 times as long. */
    private static final int LEVEL = 6;
    private static final int BUFFER = 1 << 16;

    private GzipKernel() {
    }

    /**
     * Compresses {@code image}, which must be an uncompressed arm64 Image: a compressed or EFI zboot kernel
     * (which Debian could one day ship) is refused rather than wrapped in a second layer the firmware cannot
     * boot.
     */
    public static Content of(Content image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, image.size() / 2));
        try (InputStream in = image.open(); OutputStream gzip = new LeveledGzip(out)) {
            byte[] head = in.readNBytes(MAGIC_OFFSET + 4);
            if (head.length < MAGIC_OFFSET + 4
                    || ByteBuffer.wrap(head, MAGIC_OFFSET, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() != MAGIC) {
                throw new IOException("the kernel (" + image.size() + " bytes) is not an uncompressed arm64 Image:"
                        + " no ARM\\x64 magic at byte " + MAGIC_OFFSET + "; the Pi firmware boots an Image or a gzip'd Image");
            }
            gzip.write(head);
            in.transferTo(gzip);
        }
        return Content.of(out.toByteArray());
    }

    /** The size of the Image a gzip'd kernel unpacks to (its trailer's ISIZE: exact below 4 GiB). */
    public static long unpackedSize(Content gzipped) throws IOException {
        try (InputStream in = gzipped.open()) {
            in.skipNBytes(gzipped.size() - 4);
            return Integer.toUnsignedLong(ByteBuffer.wrap(in.readNBytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt());
        }
    }

    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out) throws IOException {
            super(out, BUFFER);
            def.setLevel(LEVEL);
        }
    }
}
