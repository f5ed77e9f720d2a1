package org.lowernet.runtime.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

    /** FIPS 180-2, appendix B.1: the one-block message "abc". */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    /** FIPS 180-2, appendix B.3: one million "a", longer than the stream buffer. */
    private static final String MILLION_A = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

    private static final byte[] ABC_BYTES = "abc".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MILLION_A_BYTES = "a".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void bytesGiveTheStandardsValueInLowercaseHex() {
        assertEquals(ABC, Sha256.hex(ABC_BYTES));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(new byte[0]));
    }

    @Test
    void streamsAndFilesLongerThanTheBufferGiveTheSameValue() throws IOException {
        assertEquals(MILLION_A, Sha256.of(new ByteArrayInputStream(MILLION_A_BYTES)));
        assertEquals(MILLION_A, Sha256.of(Files.write(dir.resolve("a"), MILLION_A_BYTES)));
    }

    @Test
    void aDigestFedPieceByPieceFinishesAndStartsOver() throws IOException {
        MessageDigest digest = Sha256.digest();
        digest.update(ABC_BYTES, 0, 1);
        Sha256.update(digest, new ByteArrayInputStream(ABC_BYTES, 1, 2));

        assertEquals(ABC, Sha256.hex(digest));
        assertEquals(Sha256.hex(new byte[0]), Sha256.hex(digest), "finishing resets the digest");
    }
}
