package org.lowernet.image.build;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.lowernet.image.hash.Sha256;
import org.lowernet.image.release.ParallelXz;

/**
 * Turns the finished staged image into the release files {@code .img.xz} and {@code .img.sha256}, staged
 * beside it; {@link Staging} renames them all once the whole build succeeded.
 */
final class ReleaseStep {

    /** xz preset 6 is xz(1)'s default: the best size for the time on a 2-core laptop. */
    private static final int XZ_PRESET = 6;

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
        Path partial = Staging.partial(image);
        Path xz = sibling(".xz");
        Path sha = sibling(".sha256");
        Path xzPartial = staging.stage(xz);
        Path shaPartial = staging.stage(sha);
        String digest = Sha256.of(partial);
        // Compressing is the slowest step; the same image bytes always compress to the same .xz.
        String key = StepCache.key(List.of("xz", digest, Integer.toString(XZ_PRESET),
                Integer.toString(ParallelXz.DEFAULT_CHUNK)));
        Optional<Path> cached = cache.getFile("img-xz", key);
        if (cached.isPresent()) {
            Files.copy(cached.get(), xzPartial, StandardCopyOption.REPLACE_EXISTING);
        } else {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(partial), 1 << 20);
                    OutputStream out = new BufferedOutputStream(Files.newOutputStream(xzPartial), 1 << 20)) {
                new ParallelXz(XZ_PRESET, Runtime.getRuntime().availableProcessors(), ParallelXz.DEFAULT_CHUNK)
                        .compress(in, out);
            }
            cache.putFile("img-xz", key, xzPartial);
        }
        Files.writeString(shaPartial, digest + "  " + image.getFileName() + "\n", StandardCharsets.UTF_8);
        Release release = new Release(image, xz, sha, digest);
        String summary = image.getFileName() + ".xz " + Progress.mib(Files.size(xzPartial)) + ", sha256 " + digest;
        return cached.isPresent() ? Progress.Done.fromCache(release, summary) : Progress.Done.made(release, summary);
    }

    private Path sibling(String suffix) {
        return image.resolveSibling(image.getFileName() + suffix);
    }
}
