package org.lowernet.image.fat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a FAT32 filesystem at a byte offset of a channel: lists it with long names and reads files by
 * path (path components match case-insensitively, as FAT's do). Follows cluster chains, so files
 * written by other tools (mkfs.fat + mcopy) read too; short names honour Windows NT's lower-case flags.
 */
public final class FatReader {

    /**
     * One file or directory; {@code path} is '/'-separated without a leading slash; {@code written} is the
     * last write time (2-second resolution; 1980-01-01T00:00 when the entry holds no valid date).
     */
    public record Entry(String path, boolean directory, long size, long firstCluster, LocalDateTime written) {
    }

    private static final int END_OF_CHAIN_MIN = 0x0FFF_FFF8;
    private static final int FAT_CACHE_BYTES = 64 * 1024;

    private final FileChannel channel;
    private final long fatStart;
    private final long dataStart;
    private final int clusterBytes;
    private final long clusterCount;
    private final long rootCluster;
    private final ByteBuffer fatCache = ByteBuffer.allocate(FAT_CACHE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long fatCacheStart = -1;

    public FatReader(FileChannel channel, long offset) throws IOException {
        this.channel = channel;
        ByteBuffer boot = readAt(offset, FatGeometry.SECTOR_SIZE);
        int sectorSize = boot.getShort(BootRecord.BPB_BYTS_PER_SEC) & 0xFFFF;
        int perCluster = boot.get(BootRecord.BPB_SEC_PER_CLUS) & 0xFF;
        long fatSectors = boot.getInt(BootRecord.BPB_FAT_SZ_32) & 0xFFFF_FFFFL;
        if (boot.getShort(BootRecord.SIGNATURE) != BootRecord.BOOT_SIGNATURE
                || Integer.bitCount(sectorSize) != 1 || sectorSize < 512 || Integer.bitCount(perCluster) != 1
                || boot.getShort(BootRecord.BPB_FAT_SZ_16) != 0 || fatSectors == 0) {
            throw new IOException("no FAT32 filesystem at byte " + offset + " of the image: the boot sector"
                    + " lacks the 0x55AA signature or a FAT32 BPB; check the partition offset");
        }
        long reserved = boot.getShort(BootRecord.BPB_RSVD_SEC_CNT) & 0xFFFF;
        int fats = boot.get(BootRecord.BPB_NUM_FATS) & 0xFF;
        long total = boot.getInt(BootRecord.BPB_TOT_SEC_32) & 0xFFFF_FFFFL;
        this.fatStart = offset + reserved * sectorSize;
        this.dataStart = offset + (reserved + fats * fatSectors) * sectorSize;
        this.clusterBytes = sectorSize * perCluster;
        this.clusterCount = (total - reserved - fats * fatSectors) / perCluster;
        this.rootCluster = boot.getInt(BootRecord.BPB_ROOT_CLUS) & 0xFFFF_FFFFL;
    }

    /** Every entry below the root, depth first, in on-disk order. */
    public List<Entry> list() throws IOException {
        List<Entry> out = new ArrayList<>();
        listInto(rootCluster, "", out);
        return out;
    }

    /** The bytes of the file at {@code path}. */
    public byte[] read(String path) throws IOException {
        Entry file = find(path);
        if (file.directory()) {
            throw new IOException("cannot read /" + path + " from FAT: it is a directory");
        }
        if (file.size() > Integer.MAX_VALUE - 8) {
            throw new IOException("cannot read /" + path + " from FAT into memory: " + file.size() + " bytes");
        }
        return chain(file.firstCluster(), file.size(), path).array();
    }

    /** The entry at {@code path}, matched case-insensitively. */
    public Entry find(String path) throws IOException {
        long cluster = rootCluster;
        Entry found = null;
        String prefix = "";
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (found != null && !found.directory()) {
                throw new IOException("no /" + path + " on FAT: /" + found.path() + " is a file");
            }
            found = null;
            for (Entry e : entries(cluster, prefix)) {
                if (e.path().substring(prefix.length()).toUpperCase(Locale.ROOT)
                        .equals(part.toUpperCase(Locale.ROOT))) {
                    found = e;
                    break;
                }
            }
            if (found == null) {
                throw new IOException("no /" + path + " on FAT: /" + prefix + " has no entry \"" + part + "\"");
            }
            cluster = found.firstCluster();
            prefix = found.path() + "/";
        }
        if (found == null) {
            throw new IOException("no file name given to read from FAT (path \"" + path + "\")");
        }
        return found;
    }

    private void listInto(long cluster, String prefix, List<Entry> out) throws IOException {
        for (Entry e : entries(cluster, prefix)) {
            out.add(e);
            if (e.directory()) {
                listInto(e.firstCluster(), e.path() + "/", out);
            }
        }
    }

    /** The entries of the directory at {@code cluster}, named with {@code prefix}. */
    private List<Entry> entries(long cluster, String prefix) throws IOException {
        ByteBuffer dir = chain(cluster, -1, prefix);
        List<Entry> out = new ArrayList<>();
        LongNameCollector longName = new LongNameCollector();
        for (int at = 0; at + DirectoryEntry.SIZE <= dir.capacity(); at += DirectoryEntry.SIZE) {
            int first = dir.get(at) & 0xFF;
            int attr = dir.get(at + DirectoryEntry.ATTR) & 0x3F;
            if (first == DirectoryEntry.END_MARK) {
                break;
            } else if (first == DirectoryEntry.FREE_MARK) {
                longName.reset();
            } else if (attr == DirectoryEntry.ATTR_LONG_NAME) {
                longName.add(dir, at);
            } else if ((attr & DirectoryEntry.ATTR_VOLUME_ID) != 0) {
                longName.reset();
            } else {
                byte[] shortName = new byte[DirectoryEntry.NAME_LENGTH];
                dir.get(at + DirectoryEntry.NAME, shortName);
                String name = longName.take(ShortNames.checksum(shortName));
                if (name == null) {
                    name = shortName(shortName, dir.get(at + DirectoryEntry.NT_RES));
                }
                if (!name.equals(".") && !name.equals("..")) {
                    out.add(new Entry(prefix + name, (attr & DirectoryEntry.ATTR_DIRECTORY) != 0,
                            dir.getInt(at + DirectoryEntry.FILE_SIZE) & 0xFFFF_FFFFL,
                            DirectoryEntry.firstCluster(dir, at), DirectoryEntry.written(dir, at)));
                }
            }
        }
        return out;
    }

    /** "CONFIG  TXT" with NT flags 0x18 → "config.txt". */
    private static String shortName(byte[] raw, byte ntFlags) {
        if ((raw[0] & 0xFF) == DirectoryEntry.KANJI_E5) {
            raw[0] = (byte) DirectoryEntry.FREE_MARK;
        }
        String base = new String(raw, 0, 8, StandardCharsets.ISO_8859_1).stripTrailing();
        String ext = new String(raw, 8, 3, StandardCharsets.ISO_8859_1).stripTrailing();
        if ((ntFlags & DirectoryEntry.NT_LOWER_BASE) != 0) {
            base = base.toLowerCase(Locale.ROOT);
        }
        if ((ntFlags & DirectoryEntry.NT_LOWER_EXT) != 0) {
            ext = ext.toLowerCase(Locale.ROOT);
        }
        return ext.isEmpty() ? base : base + "." + ext;
    }

    /**
     * Reads a cluster chain: {@code size} bytes of a file, or (size -1) a whole directory chain.
     * Contiguous runs are read in one go.
     */
    private ByteBuffer chain(long first, long size, String what) throws IOException {
        List<long[]> runs = new ArrayList<>();
        long clusters = 0;
        long wanted = size < 0 ? Long.MAX_VALUE : FatGeometry.ceilDiv(size, clusterBytes);
        long cluster = first;
        while (clusters < wanted && cluster >= FatGeometry.FIRST_CLUSTER && cluster < END_OF_CHAIN_MIN) {
            if (cluster >= clusterCount + FatGeometry.FIRST_CLUSTER || clusters >= clusterCount) {
                throw new IOException("broken cluster chain of /" + what + " on FAT at cluster " + cluster
                        + " (filesystem has " + clusterCount + " clusters); run fsck.fat on the image");
            }
            long[] last = runs.isEmpty() ? null : runs.getLast();
            if (last != null && last[0] + last[1] == cluster) {
                last[1]++;
            } else {
                runs.add(new long[] {cluster, 1});
            }
            clusters++;
            cluster = next(cluster);
        }
        if (size >= 0 && clusters < wanted) {
            throw new IOException("/" + what + " on FAT is " + size + " bytes long but its chain holds only "
                    + clusters + " clusters; run fsck.fat on the image");
        }
        ByteBuffer out = ByteBuffer.allocate((int) (size < 0 ? clusters * clusterBytes : size))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (long[] run : runs) {
            long position = dataStart + (run[0] - FatGeometry.FIRST_CLUSTER) * clusterBytes;
            int length = (int) Math.min(run[1] * clusterBytes, out.remaining());
            out.put(readAt(position, length));
        }
        return out.clear();
    }

    private long next(long cluster) throws IOException {
        long position = fatStart + cluster * FatGeometry.FAT_ENTRY_SIZE;
        if (fatCacheStart < 0 || position < fatCacheStart || position >= fatCacheStart + FAT_CACHE_BYTES) {
            fatCacheStart = position - position % FAT_CACHE_BYTES;
            fatCache.clear();
            channel.read(fatCache, fatCacheStart);
        }
        return fatCache.getInt((int) (position - fatCacheStart)) & Fat32Writer.FAT_ENTRY_MASK;
    }

    private ByteBuffer readAt(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("image ends at byte " + (position + buffer.position()) + " while reading "
                        + length + " bytes at " + position + " of a FAT filesystem; is the image truncated?");
            }
        }
        return buffer.flip();
    }
}
