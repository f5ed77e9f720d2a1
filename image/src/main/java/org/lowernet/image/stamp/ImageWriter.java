package org.lowernet.image.stamp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.lowernet.image.fat.Fat32Writer;
import org.lowernet.image.tree.FileTree;

/**
 * Writes one stamped image: every byte outside the FAT partition copied from the source, the partition
 * written afresh from a file tree with the source's volume id, label and timestamp. The image is written
 * to a temporary file next to the output and renamed onto it at the end, so a failure never leaves a
 * half-written image under the output's name.
 *
 * <p>The new file starts empty; runs of zeros in the source are skipped rather than copied, so they read
 * as zeros and stay holes on filesystems with sparse files. The partition is never copied: what the
 * FAT writer does not write (free clusters) reads as zeros, as the writer requires.
 */
final class ImageWriter {

    private static final int CHUNK = 1 << 20;

    private final BootImage source;

    ImageWriter(BootImage source) {
        this.source = source;
    }

    /**
     * Writes {@code files} as the FAT partition of a copy of the source, at {@code output}; an existing
     * file there is replaced (the caller decides whether that is allowed).
     */
    void write(FileTree files, Path output) throws IOException {
        // Plans the filesystem first: a tree that does not fit fails before a byte is written.
        Fat32Writer fat = new Fat32Writer(files, source.volume());
        Path dir = output.toAbsolutePath().getParent();
        // A fixed name (not createTempFile, which makes it 0600): the image gets the usual permissions.
        Path partial = dir.resolve("." + output.getFileName() + ".partial");
        Files.deleteIfExists(partial); // left by a stamp that was killed
        try {
            try (FileChannel in = FileChannel.open(source.path());
                 FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                if (in.size() != source.size()) {
                    throw new IOException(source.path() + " changed size while stamping (" + source.size() + " -> "
                            + in.size() + " bytes); stamp again once nothing else writes it");
                }
                copyNonZero(in, out, 0, source.partitionOffset());
                fat.write(out, source.partitionOffset());
                copyNonZero(in, out, source.partitionEnd(), source.size());
                if (out.size() < source.size()) {
                    // The source ends in zeros: extend to its full length without writing them.
                    out.write(ByteBuffer.allocate(1), source.size() - 1);
                }
            }
            // rename(2): readers see the old file or the whole new one, never a part.
            Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }

    /** Copies bytes {@code from}..{@code to} of {@code in} to the same place in {@code out}, skipping zeros. */
    private static void copyNonZero(FileChannel in, FileChannel out, long from, long to) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        byte[] zeros = new byte[CHUNK];
        for (long at = from; at < to; at += CHUNK) {
            buffer.clear().limit((int) Math.min(CHUNK, to - at));
            while (buffer.hasRemaining()) {
                if (in.read(buffer, at + buffer.position()) < 0) {
                    throw new IOException("the source image ends at byte " + (at + buffer.position())
                            + ", before " + to + "; was it truncated while stamping?");
                }
            }
            int length = buffer.position();
            if (Arrays.mismatch(buffer.array(), 0, length, zeros, 0, length) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer, at + buffer.position());
                }
            }
        }
    }
}
