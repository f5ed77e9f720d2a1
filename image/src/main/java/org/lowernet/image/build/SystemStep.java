package org.lowernet.image.build;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.lowernet.image.cpio.NewcWriter;
import org.lowernet.image.squashfs.DataLayer;
import org.lowernet.image.squashfs.SquashfsWriter;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.runtime.hash.Sha256;

/**
 * Packs the root into the system file a slot of the boot partition holds ({@code system-a}, {@code system-b}):
 * a squashfs the first stage mounts read-only (under a RAM overlay) instead of unpacking it. Its data come in
 * two layers, first the base's files, then the runtime's; the inode and directory tables of the whole root follow.
 *
 * <p>The base's packed data and their index are kept in the user's cache, keyed by a hash of the base's entries:
 * a change to the runtime alone packs only the runtime's few MiB again, and the file's first bytes stay the
 * same (so the FAT keeps them at the same offsets and the release's block cache reuses them). A cached base is
 * the very bytes a clean build makes, so both builds give the same file.
 */
final class SystemStep {

    static final String BASE_STEP = "system-base";
    private static final String BASE_INDEX_STEP = "system-base-index";
    private static final int BUFFER = 1 << 16;

    private final RootTreeStep.RootTree root;
    private final Instant epoch;
    private final StepCache cache;
    private final Path work;

    SystemStep(RootTreeStep.RootTree root, Instant epoch, StepCache cache, Path work) {
        this.root = root;
        this.epoch = epoch;
        this.cache = cache;
        this.work = work;
    }

    Progress.Done<Content> run() throws IOException {
        Files.createDirectories(work);
        long mtime = epoch.getEpochSecond();
        String key = baseKey(mtime);
        Optional<SquashfsWriter.PackedLayer> cached = cachedBase(key);
        SquashfsWriter.PackedLayer base = cached.isPresent() ? cached.get() : pack(root.base(), "system-base.data");
        if (cached.isEmpty()) {
            cache.putFile(BASE_STEP, key, base.data());
            cache.putBytes(BASE_INDEX_STEP, key, base.layout().index());
        }
        SquashfsWriter.PackedLayer runtime = pack(root.runtime(), "system-runtime.data");
        Path file = work.resolve(BootPartitionStep.SYSTEM_A);
        SquashfsWriter.write(root.whole(), List.of(base, runtime), mtime, file);
        Content system = Content.of(file);
        return Progress.Done.made(system, "system " + Progress.mib(system.size()) + " (squashfs): base "
                + Progress.mib(base.layout().length()) + (cached.isPresent() ? " (cached)" : "") + ", runtime "
                + Progress.mib(runtime.layout().length()) + " (root " + Progress.mib(root.whole().contentBytes())
                + " uncompressed)");
    }

    private SquashfsWriter.PackedLayer pack(FileTree layer, String name) throws IOException {
        Path data = work.resolve(name);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(data), BUFFER)) {
            return new SquashfsWriter.PackedLayer(data, DataLayer.pack(layer, out));
        }
    }

    /** The base packed by an earlier build, when its data and index are both kept and agree. */
    private Optional<SquashfsWriter.PackedLayer> cachedBase(String key) throws IOException {
        Optional<Path> data = cache.getFile(BASE_STEP, key);
        Optional<byte[]> index = cache.getBytes(BASE_INDEX_STEP, key);
        if (data.isEmpty() || index.isEmpty()) {
            return Optional.empty();
        }
        try {
            DataLayer layout = DataLayer.fromIndex(index.get());
            if (layout.length() == Files.size(data.get())) {
                return Optional.of(new SquashfsWriter.PackedLayer(data.get(), layout));
            }
            System.err.println("warning: the cached system base " + data.get() + " does not match its index;"
                    + " packing it again");
        } catch (IOException e) {
            System.err.println("warning: the cached system base's index is damaged (" + e.getMessage()
                    + "); packing it again");
        }
        return Optional.empty();
    }

    /** The hash of the base's entries (as a newc archive) and of how they are packed: what decides its bytes. */
    private String baseKey(long mtime) throws IOException {
        MessageDigest sha = Sha256.digest();
        try (OutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            new NewcWriter(mtime).write(root.base(), digest);
        }
        return StepCache.key(List.of(BASE_STEP, SquashfsWriter.FORMAT, Sha256.hex(sha)));
    }
}
