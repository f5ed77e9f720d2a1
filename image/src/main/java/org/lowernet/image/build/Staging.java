package org.lowernet.image.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The release files of one build, written under {@code <name>.partial} and renamed together once every
 * step succeeded: a failed build leaves no file that looks like an image, a checksum or a block map.
 */
final class Staging implements AutoCloseable {

    static final String SUFFIX = ".partial";

    private final List<Path> targets = new ArrayList<>();

    /** Registers a release file; returns where to write it until {@link #publish()}. */
    Path stage(Path target) {
        targets.add(target);
        return partial(target);
    }

    /** Where a staged file is written (and read by later steps) until it is published. */
    static Path partial(Path target) {
        return target.resolveSibling(target.getFileName() + SUFFIX);
    }

    /** Renames every staged file to its final name, in the order they were staged. */
    void publish() throws IOException {
        for (Path target : targets) {
            Files.move(partial(target), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        targets.clear();
    }

    /** Removes whatever was staged and not published: after a failure, nothing half-made stays. */
    @Override
    public void close() throws IOException {
        for (Path target : targets) {
            Files.deleteIfExists(partial(target));
        }
    }
}
