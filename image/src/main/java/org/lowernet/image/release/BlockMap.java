package org.lowernet.image.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.lowernet.runtime.hash.Sha256;

/**
 * Which blocks of an image carry data: every block that is not all zero is mapped, decided from the
 * bytes alone (not from holes in the file), so the same image always gives the same map. Zeros a
 * flash must write all the same (they wipe what an old card holds there) are named as {@link Extent}s
 * and mapped too.
 *
 * @param imageSize the image's length in bytes; the last block may be partial
 * @param blockSize bytes per block
 * @param ranges    the mapped blocks as inclusive ranges, ascending, never adjacent
 */
public record BlockMap(long imageSize, int blockSize, List<Range> ranges) {

    /** bmaptool's own block size (the page size): a range boundary never cuts a 4 KiB page. */
    public static final int BLOCK_SIZE = 4096;

    /** Blocks {@code first..last} (inclusive) and the SHA-256 of their bytes, lowercase hex. */
    public record Range(long first, long last, String sha256) {
        public long blocks() {
            return last - first + 1;
        }
    }

    /**
     * Bytes {@code offset..offset+length} of the image that are mapped whether zero or not; a block they
     * touch is mapped whole.
     */
    public record Extent(long offset, long length) {
        public Extent {
            if (offset < 0 || length < 1) {
                throw new IllegalArgumentException("bad extent: " + length + " bytes at offset " + offset);
            }
        }

        boolean touches(long block, int blockSize) {
            return block * blockSize < offset + length && offset < (block + 1) * blockSize;
        }
    }

    public BlockMap {
        ranges = List.copyOf(ranges);
        if (blockSize <= 0 || imageSize < 0) {
            throw new IllegalArgumentException("bad block map: image size " + imageSize + ", block size " + blockSize);
        }
        long blocks = (imageSize + blockSize - 1) / blockSize;
        for (int i = 0; i < ranges.size(); i++) {
            Range r = ranges.get(i);
            boolean ordered = i == 0 || ranges.get(i - 1).last() + 1 < r.first();
            if (r.first() < 0 || r.last() < r.first() || r.last() >= blocks || !ordered) {
                throw new IllegalArgumentException("bad block range " + r.first() + "-" + r.last() + " in a map of "
                        + blocks + " blocks: ranges must be ascending, disjoint and inside the image");
            }
        }
    }

    public long blocks() {
        return (imageSize + blockSize - 1) / blockSize;
    }

    public long mappedBlocks() {
        return ranges.stream().mapToLong(Range::blocks).sum();
    }

    /** Bytes a bmap-aware writer copies; the last block counts only its bytes inside the image. */
    public long mappedBytes() {
        return ranges.stream().mapToLong(r -> byteEnd(r) - byteStart(r)).sum();
    }

    public long byteStart(Range range) {
        return range.first() * blockSize;
    }

    /** One past the range's last byte, never past the image's end. */
    public long byteEnd(Range range) {
        return Math.min((range.last() + 1) * blockSize, imageSize);
    }

    /** Reads the image once, front to back. */
    public static BlockMap scan(Path image) throws IOException {
        return scan(image, List.of());
    }

    /** Reads the image once, front to back; the blocks {@code alwaysMapped} touches are mapped even if zero. */
    public static BlockMap scan(Path image, List<Extent> alwaysMapped) throws IOException {
        try (InputStream in = Files.newInputStream(image)) {
            return scan(in, Files.size(image), alwaysMapped);
        }
    }

    /** Reads {@code size} bytes of an image from a stream (a decompressing one works too). */
    public static BlockMap scan(InputStream in, long size) throws IOException {
        return scan(in, size, List.of());
    }

    /** Reads {@code size} bytes of an image from a stream; the blocks {@code alwaysMapped} touches are mapped. */
    public static BlockMap scan(InputStream in, long size, List<Extent> alwaysMapped) throws IOException {
        for (Extent extent : alwaysMapped) {
            if (extent.offset() + extent.length() > size) {
                throw new IllegalArgumentException("extent of " + extent.length() + " bytes at " + extent.offset()
                        + " reaches beyond the image's " + size + " bytes");
            }
        }
        List<Range> ranges = new ArrayList<>();
        MessageDigest sha = Sha256.digest();
        byte[] block = new byte[BLOCK_SIZE];
        long first = -1;
        long blocks = (size + BLOCK_SIZE - 1) / BLOCK_SIZE;
        for (long index = 0; index < blocks; index++) {
            int length = (int) Math.min(BLOCK_SIZE, size - index * BLOCK_SIZE);
            int read = in.readNBytes(block, 0, length);
            if (read != length) {
                throw new IOException("image ended at byte " + (index * BLOCK_SIZE + read) + ", expected " + size);
            }
            if (!touched(alwaysMapped, index) && isZero(block, length)) {
                if (first >= 0) {
                    ranges.add(new Range(first, index - 1, Sha256.hex(sha)));
                    first = -1;
                }
            } else {
                first = first < 0 ? index : first;
                sha.update(block, 0, length);
            }
        }
        if (first >= 0) {
            ranges.add(new Range(first, blocks - 1, Sha256.hex(sha)));
        }
        return new BlockMap(size, BLOCK_SIZE, ranges);
    }

    private static boolean touched(List<Extent> extents, long block) {
        for (Extent extent : extents) {
            if (extent.touches(block, BLOCK_SIZE)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isZero(byte[] block, int length) {
        for (int i = 0; i < length; i++) {
            if (block[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
