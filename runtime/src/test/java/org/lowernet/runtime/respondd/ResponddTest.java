package org.lowernet.runtime.respondd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;

/** Raw deflate both ways, and what is not raw deflate. */
class ResponddTest {

    private static final byte[] JSON = "{\"nodeinfo\":{\"node_id\":\"dca632aabbcc\",\"hostname\":\"infoshop-1\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTrip() throws IOException {
        byte[] deflated = Respondd.deflate(JSON);
        assertArrayEquals(JSON, Respondd.inflate(deflated, Respondd.MAX_INFLATED));
        // Raw: no zlib header (0x78), which Go's compress/flate, and so yanic, would refuse.
        assertTrue((deflated[0] & 0xff) != 0x78, "starts with a zlib header");
    }

    @Test
    void readsWhatAnotherRawDeflaterWrote() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(1, true))) {
            deflater.write(JSON);
        }
        assertArrayEquals(JSON, Respondd.inflate(out.toByteArray(), Respondd.MAX_INFLATED));
    }

    @Test
    void truncatedStreamIsAnError() {
        byte[] deflated = Respondd.deflate(JSON);
        IOException e = assertThrows(IOException.class,
                () -> Respondd.inflate(Arrays.copyOf(deflated, deflated.length / 2), Respondd.MAX_INFLATED));
        assertTrue(e.getMessage().contains("not a complete deflate stream"), e.getMessage());
    }

    @Test
    void plainJsonIsNotDeflate() {
        IOException e = assertThrows(IOException.class, () -> Respondd.inflate(JSON, Respondd.MAX_INFLATED));
        assertTrue(e.getMessage().startsWith("not "), e.getMessage());
    }

    @Test
    void aDeflateBombStopsAtTheBound() {
        byte[] bomb = Respondd.deflate(new byte[10 * 1024 * 1024]);
        IOException e = assertThrows(IOException.class, () -> Respondd.inflate(bomb, Respondd.MAX_INFLATED));
        assertEquals("inflates to more than 64 KiB", e.getMessage());
    }
}
