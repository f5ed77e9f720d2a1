package org.lowernet.image.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A copy of what the build reads from the checkout (boards, overlay, lockfile, JRE modules), for tests to change. */
final class ProjectCopy {

    private ProjectCopy() {
    }

    static Path of(Path project, Path into) throws IOException {
        for (String folder : List.of("board", "overlay")) {
            copyTree(project.resolve(folder), into.resolve(folder));
        }
        Files.createDirectories(into.resolve("image"));
        Files.createDirectories(into.resolve("runtime"));
        Files.copy(project.resolve("image/debian.lock"), into.resolve("image/debian.lock"));
        Files.copy(project.resolve("runtime/jre-modules"), into.resolve("runtime/jre-modules"));
        return into;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
