package org.lowernet.image.cpio;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.lowernet.image.tree.FileTree;

/**
 * A newc archive compressed with gzip, which every Linux kernel with BLK_DEV_INITRD can unpack.
 * The JDK's gzip header carries no file name and an mtime of 0 (RFC 1952 section 2.3), so equal
 * input gives equal bytes on one JDK; the deflate stream itself depends on the JDK's zlib.
 */
public final class GzipCpio {

    private static final int BUFFER = 1 << 16;

    private GzipCpio() {
    }

    /** Writes {@code tree} as gzip(newc) at the best compression level; does not close {@code out}. */
    public static void write(FileTree tree, long mtime, OutputStream out) throws IOException {
        OutputStream unclosable = new BufferedOutputStream(new KeepOpen(out), BUFFER);
        try (GZIPOutputStream gzip = new BestGzip(unclosable)) {
            new NewcWriter(mtime).write(tree, gzip);
        }
    }

    /** Smaller is better: the Pi firmware loads the initramfs into limited memory. */
    private static final class BestGzip extends GZIPOutputStream {
        BestGzip(OutputStream out) throws IOException {
            super(out, BUFFER);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }

    /** Lets the caller keep writing to its stream after the gzip trailer. */
    private static final class KeepOpen extends java.io.FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
