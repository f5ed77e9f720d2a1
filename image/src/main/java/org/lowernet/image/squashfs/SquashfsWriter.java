package org.lowernet.image.squashfs;

import com.github.luben.zstd.util.ZstdVersion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * Writes a squashfs 4.0 filesystem from a tree whose files' data were packed layer by layer ({@link DataLayer}):
 * the superblock, the layers' data one after another, then the inode table, the directory table and the id
 * table (one id: root), the file padded to 4 KiB. Equal input gives equal bytes: inodes are numbered and written
 * children first in name order, every time is the one passed in.
 */
public final class SquashfsWriter {

    /**
     * Bytes per data block: 1 MiB, squashfs's largest. zstd finds more in a bigger window: today's system is 26.7 MiB
     * against 28.0 with mksquashfs's default of 128 KiB, and packs faster. A page read alone costs its whole block's
     * decompression, but the kernel keeps the block's other pages in its page cache, which it can drop.
     */
    public static final int BLOCK_SIZE = 1 << 20;
    /** zstd level of the data and metadata blocks (measured: scripts/benchmark build, README's Image size). */
    static final int LEVEL = 9;
    /** Everything besides the tree that decides the bytes, for callers' cache keys. */
    public static final String FORMAT = "squashfs 4.0, zstd-jni " + ZstdVersion.VERSION + " level " + LEVEL
            + ", block " + BLOCK_SIZE + ", no fragments";

    // squashfs_fs.h
    private static final int MAGIC = 0x73717368;
    private static final int SUPERBLOCK = 96;
    private static final short ZSTD = 6;
    private static final short NO_FRAGMENTS = 0x0010;
    private static final short NO_XATTRS = 0x0200;
    private static final long INVALID = -1L;
    private static final int NO_FRAGMENT = 0xFFFF_FFFF;
    private static final short DIR = 1;
    private static final short FILE = 2;
    private static final short SYMLINK = 3;
    private static final short CHAR_DEVICE = 5;
    /** A directory header covers at most 256 entries (SQUASHFS_DIR_COUNT). */
    private static final int DIR_COUNT = 256;
    /** The basic directory inode keeps its listing's size (plus 3) in 16 bits. */
    private static final int MAX_LISTING = 0xFFFF - 3;
    private static final int PAD = 4096;

    /** A layer's data as {@link DataLayer#pack} wrote it to {@code data}. */
    public record PackedLayer(Path data, DataLayer layout) {
    }

    private final FileTree tree;
    private final int mtime;
    private final Map<String, List<String>> children = new HashMap<>();
    private final Map<String, Integer> numbers = new HashMap<>();
    private final Map<String, Long> starts = new HashMap<>();
    private final Map<String, DataLayer.FileBlocks> blocks = new HashMap<>();
    private final MetadataWriter inodes = new MetadataWriter(LEVEL);
    private final MetadataWriter directories = new MetadataWriter(LEVEL);

    private SquashfsWriter(FileTree tree, long mtime) {
        if (mtime < 0 || mtime > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("a squashfs time must fit 32 bits unsigned, got " + mtime);
        }
        this.tree = tree;
        this.mtime = (int) mtime;
    }

    /**
     * Writes {@code tree} to {@code target}, its files' data taken from {@code layers} (in that order): every
     * regular file of the tree must be in exactly one layer, with the same size. Returns the bytes written.
     */
    public static long write(FileTree tree, List<PackedLayer> layers, long mtime, Path target) throws IOException {
        return new SquashfsWriter(tree, mtime).write(layers, target);
    }

    private long write(List<PackedLayer> layers, Path target) throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long position = SUPERBLOCK;
            for (PackedLayer layer : layers) {
                place(layer, position);
                if (Files.size(layer.data()) != layer.layout().length()) {
                    throw new IOException("squashfs layer " + layer.data() + " has " + Files.size(layer.data())
                            + " bytes, its index says " + layer.layout().length());
                }
                try (FileChannel in = FileChannel.open(layer.data())) {
                    long copied = 0;
                    while (copied < in.size()) {
                        copied += in.transferTo(copied, in.size() - copied, out.position(position + copied));
                    }
                }
                position += layer.layout().length();
            }
            index();
            long root = writeDirectory("", tree.size() + 2);
            byte[] inodeTable = inodes.finish();
            byte[] directoryTable = directories.finish();
            MetadataWriter ids = new MetadataWriter(LEVEL);
            ids.write(le(4).putInt(0).array());
            byte[] idTable = ids.finish();

            long inodeStart = position;
            long directoryStart = inodeStart + inodeTable.length;
            long idBlock = directoryStart + directoryTable.length;
            long idStart = idBlock + idTable.length;
            long end = idStart + Long.BYTES;
            ByteBuffer tail = ByteBuffer.allocate(inodeTable.length + directoryTable.length + idTable.length + Long.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .put(inodeTable).put(directoryTable).put(idTable).putLong(idBlock).flip();
            writeFully(out, tail, inodeStart);
            long padded = (end + PAD - 1) / PAD * PAD;
            if (padded > end) {
                writeFully(out, ByteBuffer.allocate((int) (padded - end)), end);
            }

            ByteBuffer superblock = le(SUPERBLOCK)
                    .putInt(MAGIC)
                    .putInt(tree.size() + 1)        // inodes: every entry and the root
                    .putInt(mtime)
                    .putInt(BLOCK_SIZE)
                    .putInt(0)                      // fragment entries
                    .putShort(ZSTD)
                    .putShort((short) Integer.numberOfTrailingZeros(BLOCK_SIZE))
                    .putShort((short) (NO_FRAGMENTS | NO_XATTRS))
                    .putShort((short) 1)            // ids
                    .putShort((short) 4).putShort((short) 0)
                    .putLong(root)
                    .putLong(end)                   // bytes used
                    .putLong(idStart)
                    .putLong(INVALID)               // xattr id table
                    .putLong(inodeStart)
                    .putLong(directoryStart)
                    .putLong(INVALID)               // fragment table
                    .putLong(INVALID)               // export table
                    .flip();
            writeFully(out, superblock, 0);
            return padded;
        }
    }

    /** Records where each of the layer's files begins in the filesystem. */
    private void place(PackedLayer layer, long position) throws IOException {
        for (Map.Entry<String, DataLayer.FileBlocks> file : layer.layout().files().entrySet()) {
            if (!(tree.get(file.getKey()).orElse(null) instanceof Node.RegularFile f)
                    || f.content().size() != file.getValue().size()) {
                throw new IOException("squashfs layer " + layer.data() + " holds " + file.getKey() + " ("
                        + file.getValue().size() + " bytes), which the tree has not as such");
            }
            if (blocks.put(file.getKey(), file.getValue()) != null) {
                throw new IOException("squashfs: " + file.getKey() + " is in two layers");
            }
            starts.put(file.getKey(), position + file.getValue().offset());
        }
    }

    /** Lists each directory's children in name order and numbers the inodes children first, the root last. */
    private void index() throws IOException {
        children.put("", new ArrayList<>());
        for (Map.Entry<String, Node> entry : tree.entries().entrySet()) {
            String path = entry.getKey();
            int slash = path.lastIndexOf('/');
            children.get(slash < 0 ? "" : path.substring(0, slash)).add(path);
            if (entry.getValue() instanceof Node.Directory) {
                children.put(path, new ArrayList<>());
            } else if (entry.getValue() instanceof Node.RegularFile && !blocks.containsKey(path)) {
                throw new IOException("squashfs: " + path + " is in no packed layer");
            }
        }
        children.values().forEach(list -> list.sort((a, b) -> FileTree.BYTE_ORDER.compare(name(a), name(b))));
        number("");
    }

    private void number(String directory) {
        for (String child : children.get(directory)) {
            if (children.containsKey(child)) {
                number(child);
            } else {
                numbers.put(child, numbers.size() + 1);
            }
        }
        numbers.put(directory, numbers.size() + 1);
    }

    /** Writes the children's inodes, then the directory's listing and its own inode; returns its reference. */
    private long writeDirectory(String path, int parent) throws IOException {
        List<String> entries = children.get(path);
        List<Long> references = new ArrayList<>(entries.size());
        int subdirectories = 0;
        for (String child : entries) {
            if (children.containsKey(child)) {
                references.add(writeDirectory(child, numbers.get(path)));
                subdirectories++;
            } else {
                references.add(writeInode(child, tree.get(child).orElseThrow()));
            }
        }
        long listing = directories.reference();
        int size = writeListing(entries, references);
        if (size > MAX_LISTING) {
            throw new IOException("squashfs: the directory /" + path + " lists " + entries.size() + " entries in "
                    + size + " bytes, more than a basic directory inode holds (" + MAX_LISTING + ")");
        }
        int mode = path.isEmpty() ? 0755 : tree.get(path).orElseThrow().mode();
        long reference = inodes.reference();
        inodes.write(header(DIR, mode, numbers.get(path), 16)
                .putInt((int) (listing >>> 16))
                .putInt(2 + subdirectories)
                .putShort((short) (size + 3))
                .putShort((short) (listing & 0xFFFF))
                .putInt(parent)
                .array());
        return reference;
    }

    private long writeInode(String path, Node node) {
        long reference = inodes.reference();
        int number = numbers.get(path);
        byte[] inode = switch (node) {
            case Node.RegularFile f -> {
                DataLayer.FileBlocks file = blocks.get(path);
                ByteBuffer b = header(FILE, f.mode(), number, 16 + 4 * file.words().size())
                        .putInt((int) (file.words().isEmpty() ? 0 : starts.get(path)))
                        .putInt(NO_FRAGMENT)
                        .putInt(0)
                        .putInt((int) file.size());
                file.words().forEach(b::putInt);
                yield b.array();
            }
            case Node.Symlink s -> {
                byte[] target = s.target().getBytes(StandardCharsets.UTF_8);
                yield header(SYMLINK, s.mode(), number, 8 + target.length).putInt(1).putInt(target.length)
                        .put(target).array();
            }
            // new_encode_dev: minor's low byte, major from bit 8, minor's upper bits from bit 20.
            case Node.CharDevice c -> header(CHAR_DEVICE, c.mode(), number, 8).putInt(1)
                    .putInt((c.minor() & 0xFF) | (c.major() << 8) | ((c.minor() & ~0xFF) << 12)).array();
            case Node.Directory d -> throw new IllegalStateException("directories are written by writeDirectory");
        };
        inodes.write(inode);
        return reference;
    }

    /**
     * Writes a directory's entries in runs behind a header (count, the inodes' block, a base inode number): a run
     * ends at 256 entries, where an inode lies in another block, or where a number is too far from the base.
     */
    private int writeListing(List<String> entries, List<Long> references) {
        int size = 0;
        int i = 0;
        while (i < entries.size()) {
            long block = references.get(i) >>> 16;
            int base = numbers.get(entries.get(i));
            int end = i;
            while (end < entries.size() && end - i < DIR_COUNT && references.get(end) >>> 16 == block
                    && Math.abs(numbers.get(entries.get(end)) - base) <= Short.MAX_VALUE) {
                end++;
            }
            byte[] header = le(12).putInt(end - i - 1).putInt((int) block).putInt(base).array();
            directories.write(header);
            size += header.length;
            for (int e = i; e < end; e++) {
                String path = entries.get(e);
                byte[] name = name(path).getBytes(StandardCharsets.UTF_8);
                byte[] entry = le(8 + name.length)
                        .putShort((short) (references.get(e) & 0xFFFF))
                        .putShort((short) (numbers.get(path) - base))
                        .putShort(type(tree.get(path).orElseThrow()))
                        .putShort((short) (name.length - 1))
                        .put(name)
                        .array();
                directories.write(entry);
                size += entry.length;
            }
            i = end;
        }
        return size;
    }

    private static short type(Node node) {
        return switch (node) {
            case Node.Directory d -> DIR;
            case Node.RegularFile f -> FILE;
            case Node.Symlink s -> SYMLINK;
            case Node.CharDevice c -> CHAR_DEVICE;
        };
    }

    /** The header every inode starts with: type, permissions, uid and gid (index 0: root), time, number. */
    private ByteBuffer header(short type, int mode, int number, int rest) {
        return le(16 + rest).putShort(type).putShort((short) (mode & 07777)).putShort((short) 0).putShort((short) 0)
                .putInt(mtime).putInt(number);
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeFully(FileChannel out, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += out.write(bytes, at);
        }
    }
}
