package org.lowernet.runtime.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that a power cut leaves either the old content or the new, never a mix or an empty file:
 * the bytes go to a temporary file beside it, are fsync'd, renamed over the target, and the folder is fsync'd
 * so the rename itself is on the disk. Every file lowernet keeps on /data is written this way.
 */
public final class AtomicFile {

    /** The suffix of the temporary file; one left behind by a power cut is overwritten by the next write. */
    static final String TEMPORARY = ".new";

    private AtomicFile() {
    }

    public static void write(Path target, byte[] content) throws IOException {
        Path temporary = temporary(target);
        Files.createDirectories(temporary.getParent());
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            fill(channel, content);
        }
        commit(temporary, target);
    }

    /**
     * As {@link #write(Path, byte[])}, for a secret: the file is only the owner's (0600) from its first byte, so no
     * moment exists in which another user could read it.
     */
    public static void writePrivate(Path target, byte[] content) throws IOException {
        Path temporary = temporary(target);
        Files.createDirectories(temporary.getParent());
        // A temporary file a power cut left behind keeps its mode; a new one gets 0600 at its creation.
        Files.deleteIfExists(temporary);
        try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            fill(channel, content);
        }
        commit(temporary, target);
    }

    private static void fill(FileChannel channel, byte[] content) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Where a file for {@code target} is written before {@link #commit}: beside it, so the rename is atomic. */
    public static Path temporary(Path target) {
        return target.toAbsolutePath().getParent().resolve(target.getFileName() + TEMPORARY);
    }

    /**
     * Puts {@code written} (a complete file, e.g. one a program made at {@link #temporary}) in place of {@code
     * target}: fsync, rename, fsync of the folder.
     */
    public static void commit(Path written, Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(written);
            throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
        }
        syncFolder(target.toAbsolutePath().getParent());
    }

    public static void write(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Makes a rename or a new file in {@code folder} durable (Linux allows fsync on a folder opened read-only). */
    public static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
