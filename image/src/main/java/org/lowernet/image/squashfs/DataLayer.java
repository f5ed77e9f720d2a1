package org.lowernet.image.squashfs;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * The data blocks of one layer's regular files, in the tree's order, and where each file's blocks lie from the
 * layer's start. The bytes do not depend on where the layer ends up in the filesystem, so a layer packed once
 * can be kept (with {@link #index()}) and placed again.
 */
public final class DataLayer {

    /** squashfs_fs.h: SQUASHFS_COMPRESSED_BIT_BLOCK, set in a block's size word when it is stored as is. */
    static final int STORED = 1 << 24;
    private static final int INDEX_FORMAT = 1;

    /** Where one file's blocks begin (from the layer's start), its length and each block's size word. */
    public record FileBlocks(long offset, long size, List<Integer> words) {
        public FileBlocks {
            words = List.copyOf(words);
        }

        long storedBytes() {
            return words.stream().mapToLong(w -> w & (STORED - 1)).sum();
        }
    }

    private final Map<String, FileBlocks> files;
    private final long length;

    private DataLayer(Map<String, FileBlocks> files, long length) {
        this.files = Collections.unmodifiableMap(files);
        this.length = length;
    }

    public Map<String, FileBlocks> files() {
        return files;
    }

    /** The layer's bytes. */
    public long length() {
        return length;
    }

    /**
     * Compresses every regular file of {@code layer} into blocks of {@link SquashfsWriter#BLOCK_SIZE} (the last
     * one shorter), on every core, and writes them to {@code out} in the tree's order. A block that zstd
     * cannot shrink is stored as it is.
     */
    public static DataLayer pack(FileTree layer, OutputStream out) throws IOException {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "squashfs-pack");
            t.setDaemon(true);
            return t;
        });
        try {
            return new Packer(out, pool, threads * 8).pack(layer);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One block on its way: the file it belongs to, its bytes, its compression. */
    private record Pending(String path, byte[] raw, Future<byte[]> packed) {
    }

    private static final class Packer {
        private final OutputStream out;
        private final ExecutorService pool;
        private final int inFlight;
        private final Deque<Pending> queue = new ArrayDeque<>();
        private final Map<String, Long> offsets = new LinkedHashMap<>();
        private final Map<String, List<Integer>> words = new LinkedHashMap<>();
        private long position;

        Packer(OutputStream out, ExecutorService pool, int inFlight) {
            this.out = out;
            this.pool = pool;
            this.inFlight = inFlight;
        }

        DataLayer pack(FileTree layer) throws IOException {
            Map<String, Long> sizes = new LinkedHashMap<>();
            for (Map.Entry<String, Node> entry : layer.entries().entrySet()) {
                if (entry.getValue() instanceof Node.RegularFile file) {
                    String path = entry.getKey();
                    sizes.put(path, file.content().size());
                    words.put(path, new ArrayList<>());
                    read(path, file);
                }
            }
            while (!queue.isEmpty()) {
                drain();
            }
            Map<String, FileBlocks> files = new LinkedHashMap<>();
            sizes.forEach((path, size) -> files.put(path, new FileBlocks(offsets.getOrDefault(path, 0L), size,
                    words.get(path))));
            return new DataLayer(files, position);
        }

        private void read(String path, Node.RegularFile file) throws IOException {
            long size = file.content().size();
            long read = 0;
            try (InputStream in = file.content().open()) {
                while (true) {
                    byte[] raw = in.readNBytes(SquashfsWriter.BLOCK_SIZE);
                    if (raw.length == 0) {
                        break;
                    }
                    read += raw.length;
                    if (read > size) {
                        break;
                    }
                    queue.add(new Pending(path, raw, pool.submit(() -> Zstd.compress(raw, SquashfsWriter.LEVEL))));
                    if (queue.size() > inFlight) {
                        drain();
                    }
                }
            }
            if (read != size) {
                throw new IOException("packing " + path + " into the squashfs: its content was announced as " + size
                        + " bytes but " + (read > size ? "more" : read) + " were read; the source file changed"
                        + " during the build, rebuild");
            }
        }

        private void drain() throws IOException {
            Pending block = queue.poll();
            byte[] packed;
            try {
                packed = block.packed().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while compressing " + block.path(), e);
            } catch (ExecutionException e) {
                throw new IOException("compressing a block of " + block.path() + ": " + e.getCause(), e.getCause());
            }
            boolean stored = packed.length >= block.raw().length;
            byte[] bytes = stored ? block.raw() : packed;
            offsets.putIfAbsent(block.path(), position);
            words.get(block.path()).add(bytes.length | (stored ? STORED : 0));
            out.write(bytes);
            position += bytes.length;
        }
    }

    /** The layout without the bytes, to keep beside them (read back by {@link #fromIndex}). */
    public byte[] index() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            data.writeInt(INDEX_FORMAT);
            data.writeLong(length);
            data.writeInt(files.size());
            for (Map.Entry<String, FileBlocks> file : files.entrySet()) {
                data.writeUTF(file.getKey());
                data.writeLong(file.getValue().offset());
                data.writeLong(file.getValue().size());
                data.writeInt(file.getValue().words().size());
                for (int word : file.getValue().words()) {
                    data.writeInt(word);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** A layer's layout as {@link #index()} wrote it; refuses one that does not add up. */
    public static DataLayer fromIndex(byte[] index) throws IOException {
        try (DataInputStream data = new DataInputStream(new ByteArrayInputStream(index))) {
            if (data.readInt() != INDEX_FORMAT) {
                throw new IOException("not a squashfs layer index of format " + INDEX_FORMAT);
            }
            long length = data.readLong();
            int count = data.readInt();
            Map<String, FileBlocks> files = new LinkedHashMap<>();
            long end = 0;
            for (int i = 0; i < count; i++) {
                String path = data.readUTF();
                long offset = data.readLong();
                long size = data.readLong();
                int n = data.readInt();
                List<Integer> words = new ArrayList<>(n);
                for (int b = 0; b < n; b++) {
                    words.add(data.readInt());
                }
                FileBlocks file = new FileBlocks(offset, size, words);
                if (n != blocks(size) || (n > 0 && offset != end)) {
                    throw new IOException("squashfs layer index: " + path + " does not follow the file before it");
                }
                end += file.storedBytes();
                files.put(path, file);
            }
            if (end != length || data.read() != -1) {
                throw new IOException("squashfs layer index: its files do not add up to its " + length + " bytes");
            }
            return new DataLayer(files, length);
        }
    }

    static int blocks(long size) {
        return (int) ((size + SquashfsWriter.BLOCK_SIZE - 1) / SquashfsWriter.BLOCK_SIZE);
    }
}
