package org.lowernet.image.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lowernet.image.HostTools;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

class ParallelXzTest {

    private static final int CHUNK = 64 << 10;

    /** Several chunks, the last one partial; half random, half zeros, like an image. */
    private static byte[] sample() {
        byte[] data = new byte[4 * CHUNK + 12345];
        new Random(42).nextBytes(data);
        java.util.Arrays.fill(data, CHUNK / 2, 2 * CHUNK + CHUNK / 2, (byte) 0);
        return data;
    }

    private static byte[] compress(byte[] data, int threads) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ParallelXz(0, threads, CHUNK).compress(new ByteArrayInputStream(data), out);
        return out.toByteArray();
    }

    @Test
    void concatenatedStreamsDecompressToTheInputAndDoNotDependOnThreads() throws IOException {
        byte[] data = sample();
        byte[] two = compress(data, 2);

        assertArrayEquals(data, new XZInputStream(new ByteArrayInputStream(two)).readAllBytes());
        assertArrayEquals(two, compress(data, 1));
    }

    @Test
    void theHostXzToolAcceptsTheOutput(@TempDir Path dir) throws IOException, InterruptedException {
        byte[] data = sample();
        HostTools.require("xz");
        Files.write(dir.resolve("sample.xz"), compress(data, 2));

        HostTools.sh(dir, "xz -t sample.xz");
        String decompressedSize = HostTools.sh(dir, "xz -dc sample.xz | wc -c").strip();

        assertEquals(Integer.toString(data.length), decompressedSize);
    }
}
