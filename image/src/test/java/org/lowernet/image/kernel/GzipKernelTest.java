package org.lowernet.image.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.lowernet.image.tree.Content;

class GzipKernelTest {

    /** An arm64 Image's header (the magic at byte 56) and a body that compresses. */
    private static byte[] image(int size) {
        byte[] image = new byte[size];
        for (int i = 64; i < size; i++) {
            image[i] = (byte) (i % 251 < 120 ? 0 : i % 7);
        }
        image[56] = 'A';
        image[57] = 'R';
        image[58] = 'M';
        image[59] = 0x64;
        return image;
    }

    @Test
    void theImageUnpacksAgainAndTheHeaderHasNoNameOrTime() throws IOException {
        byte[] image = image(3 << 20);
        Content gzipped = GzipKernel.of(Content.of(image));
        byte[] bytes = gzipped.bytes();
        assertTrue(bytes.length < image.length / 4, bytes.length + " bytes");
        // RFC 1952: magic, deflate, no flags (so no file name), mtime 0.
        assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0}, Arrays.copyOf(bytes, 8));
        try (var in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            assertArrayEquals(image, in.readAllBytes());
        }
        assertEquals(image.length, GzipKernel.unpackedSize(gzipped));
        assertArrayEquals(bytes, GzipKernel.of(Content.of(image)).bytes(), "two runs differ");
    }

    @Test
    void aKernelThatIsNotAnUncompressedArm64ImageIsRefused() throws IOException {
        byte[] once = GzipKernel.of(Content.of(image(4096))).bytes();
        var e = assertThrows(IOException.class, () -> GzipKernel.of(Content.of(once)));
        assertEquals("the kernel (" + once.length + " bytes) is not an uncompressed arm64 Image: no ARM\\x64 magic at"
                + " byte 56; the Pi firmware boots an Image or a gzip'd Image", e.getMessage());
        assertThrows(IOException.class, () -> GzipKernel.of(Content.of(new byte[10])));
    }
}
