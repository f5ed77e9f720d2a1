package org.lowernet.image.cpio;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.lowernet.image.tree.FileTree;

/**
 * A newc archive compressed as one zstd frame (RFC 8878), which a kernel with CONFIG_RD_ZSTD unpacks
 * (Debian's arm64 kernels have it): the boot's first stage. Archives written one after another into the same
 * file form one initramfs: the kernel unpacks each frame in turn (buffer-format.rst).
 *
 * <p>Why zstd, measured 2026-12-01 on lowernet's root (86.5 MB of cpio) with the 6.12 kernel on
 * QEMU virt ({@code scripts/benchmark initramfs}; medians of 3): the kernel unpacks it in 0.98 s against
 * 1.13 s for gzip -6 with the host quiet, 1.34 s against 2.40 s with it busy (the uncompressed cpio: 0.55 s;
 * xz -6: 9.1 s); it packs in 0.5 s against 3.0 s, and is 38.4 MB against 38.7 MB. Higher levels unpack no
 * faster: level 9 saves 2.1 MB for 2.3 s of packing, level 19 saves 5.3 MB for 57 s. lz4 (the kernel reads
 * only its legacy format) unpacked in 0.7 s but is 43 MB: more for the firmware to read from the card and
 * for the .img.xz. Pure-Java zstd (aircompressor 2.0.3) made 48.6 MB, hence the native library.
 *
 * <p>Equal input gives equal bytes for one zstd-jni version (single-threaded, no dictionary).
 */
public final class ZstdCpio {

    private static final int LEVEL = 9;
    private static final int BUFFER = 1 << 16;

    private ZstdCpio() {
    }

    /** Writes {@code tree} as one zstd frame of newc; does not close {@code out}. */
    public static void write(FileTree tree, long mtime, OutputStream out) throws IOException {
        // The frame's checksum lets the reader refuse a file damaged on the card instead of unpacking
        // garbage; the zstd tool writes one by default too.
        try (ZstdOutputStream zstd = new ZstdOutputStream(new KeepOpen(out), LEVEL).setChecksum(true)) {
            BufferedOutputStream buffered = new BufferedOutputStream(zstd, BUFFER);
            new NewcWriter(mtime).write(tree, buffered);
        }
    }

    /** Lets the caller keep writing to its stream after the frame. */
    private static final class KeepOpen extends FilterOutputStream {
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
