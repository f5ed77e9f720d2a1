package org.lowernet.image.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.update.ReleasePrivateKey;
import org.lowernet.runtime.update.ReleaseVersion;

/**
 * Everything a build reads besides the network, fixed before the first step runs.
 *
 * @param project   the lowernet checkout: {@code board/}, {@code overlay/}, {@code runtime/}, {@code image/}
 * @param runtime   the runtime's device layout made by the assembly plugin ({@code bin/}, {@code lib/})
 * @param boards    board ids to support; empty means every supported board
 * @param output    where the image and its companions are written
 * @param cache     downloads and step results, outside the repository
 * @param mirror    the Debian mirror given by the user; empty means apt's configured one
 * @param securityMirror the Debian security mirror given by the user; empty means apt's configured one
 * @param fallbackMirrors archives tried, in order, for a locked file the mirror no longer has (404)
 * @param epoch     the one timestamp every file in the image carries
 * @param verbose   say more: e.g. every package the lock is behind on, not only the one-line summary
 * @param releaseKey the neighbourhood's release key (lowernet keygen): with it the build also writes the signed
 *                  update bundle
 */
public record BuildContext(
        Path project,
        Path runtime,
        List<String> boards,
        Path output,
        Path cache,
        Optional<String> mirror,
        Optional<String> securityMirror,
        List<String> fallbackMirrors,
        boolean updateLock,
        String version,
        Instant epoch,
        boolean verbose,
        Optional<Path> releaseKey) {

    public BuildContext {
        boards = List.copyOf(boards);
        fallbackMirrors = List.copyOf(fallbackMirrors);
    }

    public Path board() {
        return project.resolve("board");
    }

    public Path overlay() {
        return project.resolve("overlay");
    }

    public Path lockfile() {
        return project.resolve("image/debian.lock");
    }

    public Path jreModules() {
        return project.resolve("runtime/jre-modules");
    }

    public String imageName() {
        return "lowernet-" + version + "-arm64.img";
    }

    /** The release key's private half, read and checked; empty without {@code --release-key}. */
    public Optional<ReleasePrivateKey> readReleaseKey() {
        if (releaseKey.isEmpty()) {
            return Optional.empty();
        }
        Path file = releaseKey.get();
        try {
            return Optional.of(ReleasePrivateKey.parseFile(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new BuildException("cannot read the release key " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new BuildException("release key " + file + ": " + e.getMessage());
        }
    }

    /** Checks the context as a whole and reports every problem at once. */
    public BuildContext validated() {
        List<String> problems = new ArrayList<>();
        for (Path folder : List.of(board(), overlay())) {
            if (!Files.isDirectory(folder)) {
                problems.add("missing folder " + folder + " (is --project the lowernet checkout?)");
            }
        }
        if (!Files.isRegularFile(jreModules())) {
            problems.add("missing JRE module list " + jreModules());
        }
        if (!Files.isRegularFile(runtime.resolve("bin/lowernet")) || !Files.isDirectory(runtime.resolve("lib"))) {
            problems.add("no runtime distribution at " + runtime + " (build it first: ./mvnw package)");
        }
        if (!updateLock && !Files.isRegularFile(lockfile())) {
            problems.add("no lockfile at " + lockfile() + "; run scripts/build --update-lock");
        }
        if (version.isBlank()) {
            problems.add("empty version");
        }
        if (releaseKey.isPresent()) {
            if (!Files.isRegularFile(releaseKey.get())) {
                problems.add("no release key at " + releaseKey.get() + " (lowernet keygen makes one)");
            }
            try {
                ReleaseVersion.parse(version);
            } catch (IllegalArgumentException e) {
                problems.add("--release-key signs an update bundle, which needs a version: " + e.getMessage()
                        + " (give --version)");
            }
        }
        if (!problems.isEmpty()) {
            throw new BuildException("cannot build: " + String.join("; ", problems));
        }
        return this;
    }
}
