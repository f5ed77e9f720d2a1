package org.lowernet.image.cpio;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * Writes cpio newc archives. Field layout from the kernel's buffer-format.rst: a 6-byte magic, then
 * 13 fields of 8 ASCII hex digits, the NUL-terminated name padded so that the data starts on a
 * 4-byte boundary, the data padded to a 4-byte boundary; the archive ends with "TRAILER!!!".
 */
public final class NewcWriter {

    /** buffer-format.rst: c_magic "070701" (newc, no checksum). */
    static final String MAGIC = "070701";
    /** buffer-format.rst: the name of the last entry. */
    static final String TRAILER = "TRAILER!!!";
    /** 6 bytes magic + 13 fields * 8 hex digits. */
    static final int HEADER_SIZE = 110;
    /** Header+name and data each end on a multiple of 4 bytes. */
    static final int ALIGNMENT = 4;
    static final long MAX_FIELD = 0xFFFF_FFFFL;

    /** File type bits of c_mode, as in inode(7). */
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
    static final int S_IFLNK = 0120000;
    static final int S_IFCHR = 0020000;

    private static final int NLINK_DIRECTORY = 2; // "." and its entry in the parent
    private static final int NLINK_OTHER = 1;
    private static final int COPY_BUFFER = 1 << 16;

    private final long mtime;

    /** @param mtime seconds since the epoch stamped on every entry (the build epoch) */
    public NewcWriter(long mtime) {
        if (mtime < 0 || mtime > MAX_FIELD) {
            throw new IllegalArgumentException("cpio newc mtime must fit 32 bits unsigned, got " + mtime);
        }
        this.mtime = mtime;
    }

    /** Writes every entry of {@code tree} and the trailer; does not close {@code out}. */
    public void write(FileTree tree, OutputStream out) throws IOException {
        CountingOutput counted = new CountingOutput(out);
        long inode = 1;
        for (Map.Entry<String, Node> entry : tree.entries().entrySet()) {
            writeEntry(counted, inode++, entry.getKey(), entry.getValue());
        }
        writeHeader(counted, new Header(0, 0, 0, NLINK_OTHER, 0, 0, 0), TRAILER);
        counted.flush();
    }

    private void writeEntry(CountingOutput out, long inode, String path, Node node) throws IOException {
        switch (node) {
            case Node.Directory d -> writeHeader(out,
                    new Header(inode, S_IFDIR | d.mode(), mtime, NLINK_DIRECTORY, 0, 0, 0), path);
            case Node.Symlink s -> {
                byte[] target = s.target().getBytes(StandardCharsets.UTF_8);
                writeHeader(out, new Header(inode, S_IFLNK | s.mode(), mtime, NLINK_OTHER, target.length, 0, 0), path);
                out.write(target);
                out.pad();
            }
            case Node.CharDevice c -> writeHeader(out,
                    new Header(inode, S_IFCHR | c.mode(), mtime, NLINK_OTHER, 0, c.major(), c.minor()), path);
            case Node.RegularFile f -> {
                long size = f.content().size();
                writeHeader(out, new Header(inode, S_IFREG | f.mode(), mtime, NLINK_OTHER, size, 0, 0), path);
                copy(f, size, out, path);
                out.pad();
            }
        }
    }

    private static void copy(Node.RegularFile file, long size, CountingOutput out, String path) throws IOException {
        long copied = 0;
        try (InputStream in = file.content().open()) {
            byte[] buffer = new byte[COPY_BUFFER];
            int n;
            while ((n = in.read(buffer)) > 0) {
                copied += n;
                if (copied > size) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        }
        if (copied != size) {
            throw new IOException("writing cpio entry " + path + ": content was announced as " + size
                    + " bytes but " + (copied > size ? "more" : copied) + " were read; the source file"
                    + " changed during the build, rebuild");
        }
    }

    /** c_ino, c_mode, c_mtime, c_nlink, c_filesize, c_rdevmajor/minor; uid, gid, dev and check are 0. */
    record Header(long inode, int mode, long mtime, int nlink, long fileSize, int rdevMajor, int rdevMinor) {
    }

    private static void writeHeader(CountingOutput out, Header h, String path) throws IOException {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (h.fileSize() > MAX_FIELD) {
            throw new IOException("writing cpio entry " + path + ": " + h.fileSize()
                    + " bytes exceed the newc limit of 4 GiB - 1; keep such files off the initramfs");
        }
        StringBuilder header = new StringBuilder(HEADER_SIZE).append(MAGIC);
        hex(header, h.inode());         // c_ino
        hex(header, h.mode());          // c_mode: file type and permission bits
        hex(header, 0);                 // c_uid: root
        hex(header, 0);                 // c_gid: root
        hex(header, h.nlink());         // c_nlink
        hex(header, h.mtime());         // c_mtime
        hex(header, h.fileSize());      // c_filesize
        hex(header, 0);                 // c_maj: device holding the file, meaningless here
        hex(header, 0);                 // c_min
        hex(header, h.rdevMajor());     // c_rmaj: for character devices
        hex(header, h.rdevMinor());     // c_rmin
        hex(header, name.length + 1);   // c_namesize, including the NUL
        hex(header, 0);                 // c_chksum: 0 for 070701
        out.write(header.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(name);
        out.write(0);
        out.pad();
    }

    private static void hex(StringBuilder header, long value) {
        String digits = Long.toHexString(value).toUpperCase(java.util.Locale.ROOT);
        header.append("0".repeat(8 - digits.length())).append(digits);
    }

    /** Tracks the position so that padding is computed from the start of the archive. */
    private static final class CountingOutput {
        private final OutputStream out;
        private long position;

        CountingOutput(OutputStream out) {
            this.out = out;
        }

        void write(byte[] bytes) throws IOException {
            write(bytes, 0, bytes.length);
        }

        void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            position += length;
        }

        void write(int b) throws IOException {
            out.write(b);
            position++;
        }

        void pad() throws IOException {
            while (position % ALIGNMENT != 0) {
                write(0);
            }
        }

        void flush() throws IOException {
            out.flush();
        }
    }
}
