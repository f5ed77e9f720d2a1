package org.lowernet.image.build;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.lowernet.image.cpio.NewcWriter;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;
import org.lowernet.runtime.hash.Sha256;

/**
 * Keeps the file trees that slow steps produce (kernel selection, jlink), keyed by a hash of everything
 * the step read, as uncompressed cpio files in the user's cache. A changed input gives a new key, so a
 * stale entry is never used; a damaged entry is dropped and the step runs again.
 */
final class StepCache {

    /** Bump when a step's output for the same inputs changes (a new rule, a fixed bug). */
    private static final String FORMAT = "lowernet-step-cache-1";

    private final Path folder;

    StepCache(Path cacheDir) {
        this.folder = cacheDir.resolve("steps");
    }

    static String key(List<String> inputs) {
        MessageDigest sha = Sha256.digest();
        sha.update(FORMAT.getBytes(StandardCharsets.UTF_8));
        for (String input : inputs) {
            sha.update((byte) 0);
            sha.update(input.getBytes(StandardCharsets.UTF_8));
        }
        return Sha256.hex(sha);
    }

    Optional<FileTree> get(String step, String key) {
        Path file = file(step, key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
                CpioArchiveInputStream cpio = new CpioArchiveInputStream(in)) {
            return Optional.of(read(cpio));
        } catch (IOException | RuntimeException e) {
            System.err.println("warning: dropping damaged cache entry " + file + ": " + e.getMessage());
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Reported above; the step runs again either way.
            }
            return Optional.empty();
        }
    }

    void put(String step, String key, FileTree tree) throws IOException {
        Files.createDirectories(folder);
        Path file = file(step, key);
        Path partial = Files.createTempFile(folder, step + "-", ".partial");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
            new NewcWriter(0).write(tree, out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A whole file kept for a step, when one was stored under this key. */
    Optional<Path> getFile(String step, String key) {
        Path file = folder.resolve(step + "-" + key);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    void putFile(String step, String key, Path source) throws IOException {
        store(step, key, partial -> Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING));
    }

    /** Bytes kept whole for a step (such as one compressed block of the image), when stored under this key. */
    Optional<byte[]> getBytes(String step, String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(folder.resolve(step + "-" + key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    void putBytes(String step, String key, byte[] bytes) throws IOException {
        store(step, key, partial -> Files.write(partial, bytes));
    }

    private interface Filler {
        void fill(Path partial) throws IOException;
    }

    /** Written beside and renamed into place: a reader never sees half an entry, even from another build. */
    private void store(String step, String key, Filler filler) throws IOException {
        Files.createDirectories(folder);
        Path partial = Files.createTempFile(folder, step + "-", ".partial");
        try {
            filler.fill(partial);
            Files.move(partial, folder.resolve(step + "-" + key), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private Path file(String step, String key) {
        return folder.resolve(step + "-" + key + ".cpio");
    }

    private static FileTree read(CpioArchiveInputStream cpio) throws IOException {
        FileTree tree = new FileTree();
        CpioArchiveEntry entry;
        while ((entry = cpio.getNextEntry()) != null) {
            int mode = (int) entry.getMode() & 07777;
            long type = entry.getMode() & CpioConstants.S_IFMT;
            String path = entry.getName();
            if (type == CpioConstants.C_ISDIR) {
                tree.put(path, new Node.Directory(mode));
            } else if (type == CpioConstants.C_ISLNK) {
                tree.symlink(path, new String(cpio.readAllBytes(), StandardCharsets.UTF_8));
            } else if (type == CpioConstants.C_ISREG) {
                tree.file(path, mode, Content.of(cpio.readAllBytes()));
            } else if (type == CpioConstants.C_ISCHR) {
                tree.put(path, new Node.CharDevice(mode, (int) entry.getRemoteDeviceMaj(), (int) entry.getRemoteDeviceMin()));
            } else {
                throw new IOException("unexpected entry type " + Long.toOctalString(type) + " for " + path);
            }
        }
        return tree;
    }
}
