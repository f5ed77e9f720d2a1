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
        Path folder = target.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temporary = folder.resolve(target.getFileName() + TEMPORARY);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temporary);
            throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
        }
        syncFolder(folder);
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
