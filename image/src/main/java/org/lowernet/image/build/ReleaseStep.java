package org.lowernet.image.build;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Optional;
import org.lowernet.image.release.ParallelXz;
import org.lowernet.runtime.hash.Sha256;

/**
 * Turns the finished staged image into the release files {@code .img.xz} and {@code .img.sha256}, staged
 * beside it; {@link Staging} renames them all once the whole build succeeded. The image is read once: its
 * SHA-256 is taken while its blocks are compressed, or found in the step cache by their content.
 */
final class ReleaseStep {

    /** xz preset 6 is xz(1)'s default: the best size for the time on a 2-core laptop. */
    static final int XZ_PRESET = 6;
    /**
     * Bytes of the image per xz block. A change costs its blocks' compression, so smaller is faster to rebuild;
     * on lowernet's image 4 MiB gave 48.0 MiB, 8 MiB 47.7 MiB, 2 MiB 48.8 MiB (preset 6; the kernel and the
     * initramfs are compressed already, so a larger dictionary gains little).
     */
    static final int XZ_BLOCK = 4 << 20;

    record Release(Path image, Path xz, Path sha256, String digest) {
    }

    private final Path image;
    private final Staging staging;
    private final StepCache cache;

    /** @param image the image's final name; its bytes are at {@code Staging.partial(image)} */
    ReleaseStep(Path image, Staging staging, StepCache cache) {
        this.image = image;
        this.staging = staging;
        this.cache = cache;
    }

    Progress.Done<Release> run() throws IOException {
        Path xz = sibling(".xz");
        Path sha = sibling(".sha256");
        Path xzPartial = staging.stage(xz);
        Path shaPartial = staging.stage(sha);
        MessageDigest digest = Sha256.digest();
        ParallelXz.Result result;
        try (InputStream in = new DigestInputStream(Files.newInputStream(Staging.partial(image)), digest);
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(xzPartial), 1 << 20)) {
            result = new ParallelXz(XZ_PRESET, Runtime.getRuntime().availableProcessors(), XZ_BLOCK)
                    .compress(in, out, blockCache());
        }
        String hex = Sha256.hex(digest);
        Files.writeString(shaPartial, hex + "  " + image.getFileName() + "\n", StandardCharsets.UTF_8);
        Release release = new Release(image, xz, sha, hex);
        String summary = image.getFileName() + ".xz " + Progress.mib(Files.size(xzPartial)) + " ("
                + result.compressed() + " of " + result.blocks() + " blocks compressed, the rest cached), sha256 "
                + hex;
        return result.compressed() == 0 ? Progress.Done.fromCache(release, summary)
                : Progress.Done.made(release, summary);
    }

    private ParallelXz.BlockCache blockCache() {
        return new ParallelXz.BlockCache() {
            @Override
            public Optional<byte[]> get(String key) throws IOException {
                return cache.getBytes("xz-block", key);
            }

            @Override
            public void put(String key, byte[] block) throws IOException {
                cache.putBytes("xz-block", key, block);
            }
        };
    }

    private Path sibling(String suffix) {
        return image.resolveSibling(image.getFileName() + suffix);
    }
}
