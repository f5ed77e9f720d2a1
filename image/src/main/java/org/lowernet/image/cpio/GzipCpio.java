package org.lowernet.image.cpio;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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

    /** Writes {@code tree} as gzip(newc); does not close {@code out}. */
    public static void write(FileTree tree, long mtime, OutputStream out) throws IOException {
        OutputStream unclosable = new BufferedOutputStream(new KeepOpen(out), BUFFER);
        try (GZIPOutputStream gzip = new LeveledGzip(unclosable)) {
            new NewcWriter(mtime).write(tree, gzip);
        }
    }

    /**
     * Level 6, not 9: on lowernet's root (56 MB) level 9 saves 0.1 MB (0.4 %) and takes three times as long.
     * Set explicitly so the bytes never follow a change of the JDK's default.
     */
    private static final class LeveledGzip extends GZIPOutputStream {
        private static final int LEVEL = 6;

        LeveledGzip(OutputStream out) throws IOException {
            super(out, BUFFER);
            def.setLevel(LEVEL);
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
