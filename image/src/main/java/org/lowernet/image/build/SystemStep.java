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
import org.lowernet.image.cpio.ZstdCpio;
import org.lowernet.image.hash.Sha256;
import org.lowernet.image.tree.Content;

/**
 * Packs the root into the system file a slot of the boot partition holds ({@code system-a}, {@code system-b}; the
 * first stage unpacks it into RAM): one newc archive in two zstd frames, first the base layer's entries, then the
 * runtime layer's and the trailer. The layers share no file, only directories, which the runtime layer repeats.
 *
 * <p>The compressed base is kept in the user's cache, keyed by a hash of its uncompressed archive: a
 * change to the runtime alone packs only the runtime's few MiB again, and the file's prefix stays the
 * same bytes (so the FAT keeps it at the same offsets and the release's block cache reuses them). A
 * cached base is the very bytes a clean build makes, so both builds give the same file.
 */
final class SystemStep {

    static final String BASE_STEP = "system-base";
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
        Optional<Path> cached = cache.getFile(BASE_STEP, key);
        Path base = cached.orElse(work.resolve("system-base.zst"));
        if (cached.isEmpty()) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(base), BUFFER)) {
                ZstdCpio.writeHead(root.base(), mtime, out);
            }
            cache.putFile(BASE_STEP, key, base);
        }
        Path file = work.resolve(BootPartitionStep.SYSTEM_A);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER)) {
            Files.copy(base, out);
            ZstdCpio.write(root.runtime(), mtime, out);
        }
        Content system = Content.of(file);
        long baseBytes = Files.size(base);
        return Progress.Done.made(system, "system " + Progress.mib(system.size()) + ": base "
                + Progress.mib(baseBytes) + (cached.isPresent() ? " (cached)" : "") + ", runtime "
                + Progress.mib(system.size() - baseBytes) + " (root " + Progress.mib(root.whole().contentBytes())
                + " uncompressed)");
    }

    /** The hash of the base's uncompressed archive and of how it is compressed: what decides its bytes. */
    private String baseKey(long mtime) throws IOException {
        MessageDigest sha = Sha256.digest();
        try (OutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            new NewcWriter(mtime).writeHead(root.base(), digest);
        }
        return StepCache.key(List.of(BASE_STEP, ZstdCpio.FORMAT, "head", Sha256.hex(sha)));
    }
}
