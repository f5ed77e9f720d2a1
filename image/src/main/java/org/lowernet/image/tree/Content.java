package org.lowernet.image.tree;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bytes of a regular file: held in memory or read from a file when a writer needs them. */
public sealed interface Content {

    long size();

    InputStream open() throws IOException;

    /** All bytes; for writers that need them at once (small files such as config and DTBs). */
    default byte[] bytes() throws IOException {
        try (InputStream in = open()) {
            return in.readAllBytes();
        }
    }

    static Content of(byte[] bytes) {
        return new InMemory(bytes.clone());
    }

    static Content of(String text) {
        return new InMemory(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A file on the host; its size is taken now, so a later change to it is caught by the writer. */
    static Content of(Path file) {
        try {
            return new HostFile(file, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("reading size of " + file, e);
        }
    }

    record InMemory(byte[] data) implements Content {
        @Override
        public long size() {
            return data.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(data);
        }
    }

    record HostFile(Path file, long size) implements Content {
        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }
    }
}
