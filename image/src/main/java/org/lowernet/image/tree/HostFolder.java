package org.lowernet.image.tree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

/** Reads a folder of the build host into a {@link FileTree}: files, folders and symlinks. */
public final class HostFolder {

    private HostFolder() {
    }

    /** Modes as the host has them (for folders a build tool made, such as jlink's output). */
    public static FileTree read(Path folder) {
        return walk(folder, HostFolder::hostMode);
    }

    /**
     * Reads with the modes a function gives each regular file (for checked-in folders, whose modes depend
     * on the checkout); folders get 0755.
     */
    public static FileTree read(Path folder, ToIntFunction<String> fileMode) {
        return walk(folder, file -> fileMode.applyAsInt(relative(folder, file)));
    }

    private static FileTree walk(Path folder, ToIntFunction<Path> fileMode) {
        if (!Files.isDirectory(folder)) {
            throw new UncheckedIOException(new IOException("not a folder: " + folder));
        }
        FileTree tree = new FileTree();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.skip(1).sorted().toList()) {
                String path = relative(folder, p);
                if (Files.isSymbolicLink(p)) {
                    tree.symlink(path, Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p)) {
                    tree.directory(path, 0755);
                } else {
                    tree.file(path, fileMode.applyAsInt(p), Content.of(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + folder, e);
        }
        return tree;
    }

    private static String relative(Path folder, Path file) {
        return folder.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static int hostMode(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            int mode = 0;
            for (PosixFilePermission perm : perms) {
                mode |= 1 << (8 - perm.ordinal()); // OWNER_READ is ordinal 0 = bit 8 (0400)
            }
            return mode;
        } catch (IOException e) {
            throw new UncheckedIOException("reading permissions of " + file, e);
        }
    }
}
