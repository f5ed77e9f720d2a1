package org.lowernet.image.fat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.BitSet;
import java.util.List;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * Writes a {@link FileTree} as a FAT32 filesystem into a channel at a byte offset (where its partition
 * lies in a disk image). The layout is planned in the constructor, so a tree that does not fit fails
 * before anything is written. Free clusters are not written: give it a fresh (sparse or zeroed) file.
 */
public final class Fat32Writer {

    /** FAT stores sizes in 32 bits. */
    public static final long MAX_FILE_SIZE = 0xFFFF_FFFFL;
    static final int FAT_ENTRY_MASK = 0x0FFF_FFFF;
    /** FAT[0] holds the media byte in its low 8 bits (fatgen103, section 4). */
    static final int FAT0 = 0x0FFF_FF00 | BootRecord.MEDIA_FIXED;
    /** FAT[1]: end of chain with the "clean shutdown" and "no hard error" bits set. */
    static final int FAT1 = 0x0FFF_FFFF;
    static final int END_OF_CHAIN = 0x0FFF_FFFF;
    private static final int CHUNK = 1 << 20;

    private final FatVolume volume;
    private final FatGeometry geometry;
    private final FatPlan plan;

    public Fat32Writer(FileTree tree, FatVolume volume) {
        this(tree, volume, List.of());
    }

    /**
     * With the files in {@code last} (paths in the tree) given the last clusters, in that order: a file that
     * changes from build to build and is named last leaves every other file at its offsets, and when it grows
     * it takes free clusters rather than moving the files after it.
     */
    public Fat32Writer(FileTree tree, FatVolume volume, List<String> last) {
        this.volume = volume;
        this.geometry = FatGeometry.forSize(volume.sizeBytes());
        this.plan = new FatPlan(tree, geometry, volume.sizeBytes(), List.copyOf(last));
    }

    /** Bytes per cluster this filesystem uses. */
    public int clusterBytes() {
        return geometry.clusterBytes();
    }

    /** Clusters left free after the files and directories. */
    public long freeClusters() {
        return geometry.clusterCount() - plan.usedClusters();
    }

    /**
     * Writes the filesystem to {@code channel} starting at {@code offset}, a multiple of 512; the
     * boot sector records {@code offset / 512} as its hidden sectors (the partition's start LBA).
     */
    public void write(FileChannel channel, long offset) throws IOException {
        if (offset < 0 || offset % FatGeometry.SECTOR_SIZE != 0) {
            throw new IllegalArgumentException("FAT filesystem offset " + offset + " is not a multiple of "
                    + FatGeometry.SECTOR_SIZE);
        }
        long used = plan.usedClusters();
        long nextFree = used < geometry.clusterCount() ? FatGeometry.FIRST_CLUSTER + used : -1;
        writeFully(channel, BootRecord.encode(geometry, volume, offset / FatGeometry.SECTOR_SIZE,
                freeClusters(), nextFree), offset);
        writeFats(channel, offset);
        for (FatPlan.Directory dir : plan.directories()) {
            writeDirectory(channel, offset, dir);
        }
        for (FatPlan.Directory dir : plan.directories()) {
            for (FatPlan.Entry e : dir.entries()) {
                if (e.node() instanceof Node.RegularFile f && e.extent().length() > 0) {
                    writeFile(channel, offset + geometry.clusterOffset(e.extent().first()), f,
                            dir.isRoot() ? e.name().longName() : dir.path() + "/" + e.name().longName());
                }
            }
        }
    }

    /** Both FAT copies, chunk by chunk: each run chains to its next cluster and ends in END_OF_CHAIN. */
    private void writeFats(FileChannel channel, long offset) throws IOException {
        BitSet lastOfRun = new BitSet();
        plan.extents().forEach(x -> lastOfRun.set((int) (x.first() + x.length() - 1)));
        long firstFree = FatGeometry.FIRST_CLUSTER + plan.usedClusters();
        long fatBytes = geometry.fatSectors() * FatGeometry.SECTOR_SIZE;
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (long start = 0; start < fatBytes; start += CHUNK) {
            chunk.clear();
            int length = (int) Math.min(CHUNK, fatBytes - start);
            for (int i = 0; i < length; i += FatGeometry.FAT_ENTRY_SIZE) {
                long cluster = (start + i) / FatGeometry.FAT_ENTRY_SIZE;
                int value = cluster == 0 ? FAT0 : cluster == 1 ? FAT1 : cluster >= firstFree ? 0
                        : lastOfRun.get((int) cluster) ? END_OF_CHAIN : (int) (cluster + 1);
                chunk.putInt(i, value);
            }
            chunk.limit(length);
            for (int copy = 0; copy < FatGeometry.FAT_COUNT; copy++) {
                writeFully(channel, chunk.duplicate(), offset + geometry.fatOffset(copy) + start);
            }
        }
    }

    private void writeDirectory(FileChannel channel, long offset, FatPlan.Directory dir) throws IOException {
        ByteBuffer data = ByteBuffer.allocate((int) (dir.extent().length() * geometry.clusterBytes()))
                .order(ByteOrder.LITTLE_ENDIAN);
        var time = volume.timestamp();
        if (dir.isRoot()) {
            DirectoryEntry.putShort(data, volume.labelBytes(), DirectoryEntry.ATTR_VOLUME_ID, 0, 0, time);
        } else {
            DirectoryEntry.putShort(data, dotName("."), DirectoryEntry.ATTR_DIRECTORY, dir.extent().first(), 0, time);
            // ".." of a directory in the root points to cluster 0, not the root's cluster (fatgen103, section 6.7).
            long parent = dir.parent().first() == FatGeometry.FIRST_CLUSTER ? 0 : dir.parent().first();
            DirectoryEntry.putShort(data, dotName(".."), DirectoryEntry.ATTR_DIRECTORY, parent, 0, time);
        }
        for (FatPlan.Entry e : dir.entries()) {
            byte[] shortName = e.name().shortName();
            if (e.name().hasLongName()) {
                DirectoryEntry.putLongName(data, e.name().longName(), shortName);
            }
            boolean isDir = e.node() instanceof Node.Directory;
            long size = e.node() instanceof Node.RegularFile f ? f.content().size() : 0;
            DirectoryEntry.putShort(data, shortName, isDir ? DirectoryEntry.ATTR_DIRECTORY
                    : DirectoryEntry.ATTR_ARCHIVE, e.extent().first(), size, time);
        }
        data.clear(); // the rest stays zero: an entry starting with 0x00 ends the directory
        writeFully(channel, data, offset + geometry.clusterOffset(dir.extent().first()));
    }

    /** Streams the file in and pads its last cluster with zeros, so the image bytes never depend on old data. */
    private void writeFile(FileChannel channel, long position, Node.RegularFile file, String path)
            throws IOException {
        long expected = file.content().size();
        long written = 0;
        byte[] buffer = new byte[CHUNK];
        try (InputStream in = file.content().open()) {
            while (written < expected) {
                int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, expected - written));
                if (n == 0) {
                    break;
                }
                writeFully(channel, ByteBuffer.wrap(buffer, 0, n), position + written);
                written += n;
            }
            if (written != expected || in.read() >= 0) {
                throw new IOException("writing /" + path + " to FAT: its content is no longer " + expected
                        + " bytes long (found " + (written == expected ? "more" : String.valueOf(written))
                        + "); do not modify build inputs while the image is written");
            }
        }
        long slack = geometry.clustersFor(expected) * geometry.clusterBytes() - expected;
        writeFully(channel, ByteBuffer.allocate((int) slack), position + written);
    }

    private static byte[] dotName(String dots) {
        return String.format("%-11s", dots).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static void writeFully(FileChannel channel, ByteBuffer data, long position) throws IOException {
        long at = position;
        while (data.hasRemaining()) {
            at += channel.write(data, at);
        }
    }
}
