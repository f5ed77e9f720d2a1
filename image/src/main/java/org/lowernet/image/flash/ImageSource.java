package org.lowernet.image.flash;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.lowernet.image.release.BlockMap;
import org.lowernet.image.release.BmapFile;
import org.tukaani.xz.SeekableFileInputStream;
import org.tukaani.xz.SeekableXZInputStream;

/**
 * The image to write, raw ({@code .img}) or xz-compressed ({@code .img.xz}, decompressed on the fly),
 * read at any offset: the xz index lets a bmap-guided write skip the empty space without decompressing it.
 */
final class ImageSource implements Closeable {

    private final Path file;
    private final RandomAccessFile raw;
    private final SeekableXZInputStream xz;
    private final long size;

    private ImageSource(Path file, RandomAccessFile raw, SeekableXZInputStream xz, long size) {
        this.file = file;
        this.raw = raw;
        this.xz = xz;
        this.size = size;
    }

    static ImageSource open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no image file " + file + "; give the .img or .img.xz that scripts/build made");
        }
        if (file.getFileName().toString().endsWith(".xz")) {
            SeekableXZInputStream xz = new SeekableXZInputStream(new SeekableFileInputStream(file.toFile()));
            return new ImageSource(file, null, xz, xz.length());
        }
        RandomAccessFile raw = new RandomAccessFile(file.toFile(), "r");
        return new ImageSource(file, raw, null, raw.length());
    }

    /** The uncompressed image's size in bytes. */
    long size() {
        return size;
    }

    /** The block map beside the image ({@code X.img.bmap} for {@code X.img} and {@code X.img.xz}), if any. */
    Optional<BlockMap> blockMap() throws IOException {
        String name = file.getFileName().toString().replaceFirst("\\.xz$", "");
        Path bmap = file.resolveSibling(name + ".bmap");
        if (!Files.isRegularFile(bmap)) {
            return Optional.empty();
        }
        BlockMap map = BmapFile.read(bmap);
        if (map.imageSize() != size) {
            throw new IOException("block map " + bmap + " is for an image of " + map.imageSize() + " bytes but "
                    + file + " has " + size + "; use the .bmap made with this image, or delete it");
        }
        return Optional.of(map);
    }

    /** Reads exactly {@code length} bytes starting at {@code offset}. */
    void read(long offset, byte[] buffer, int length) throws IOException {
        int done = 0;
        if (raw != null) {
            raw.seek(offset);
            raw.readFully(buffer, 0, length);
            return;
        }
        xz.seek(offset);
        while (done < length) {
            int n = xz.read(buffer, done, length - done);
            if (n < 0) {
                throw new EOFException("image " + file + " ended at byte " + (offset + done) + ", expected " + size);
            }
            done += n;
        }
    }

    @Override
    public void close() throws IOException {
        if (raw != null) {
            raw.close();
        } else {
            xz.close();
        }
    }
}
