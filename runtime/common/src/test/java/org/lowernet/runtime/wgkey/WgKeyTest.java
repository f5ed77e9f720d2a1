package org.lowernet.runtime.wgkey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WgKeyTest {

    /** RFC 7748 section 6.1: Alice's and Bob's private keys and X25519(k, 9). */
    private static final String ALICE_PRIVATE = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
    private static final String ALICE_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private static final String BOB_PRIVATE = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    private static final String BOB_PUBLIC = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";

    @Test
    void publicKeysOfRfc7748Vectors() {
        assertEquals(publicFromHex(ALICE_PUBLIC), privateFromHex(ALICE_PRIVATE).publicKey());
        assertEquals(publicFromHex(BOB_PUBLIC), privateFromHex(BOB_PRIVATE).publicKey());
    }

    @Test
    void base64RoundTripsAndPrintsAsWgDoes() {
        WgPublicKey key = publicFromHex(ALICE_PUBLIC);
        assertEquals(44, key.base64().length());
        assertTrue(key.base64().endsWith("="), key.base64());
        assertEquals(key, WgPublicKey.parse(key.base64()));
        assertEquals(key.base64(), key.toString());
        assertEquals(key, WgPublicKey.parse(key.base64() + "\n"), "a key file's trailing newline");
        assertEquals(key.hashCode(), WgPublicKey.parse(key.base64()).hashCode());
    }

    @Test
    void publicKeyBytesAreCopies() {
        byte[] bytes = HexFormat.of().parseHex(ALICE_PUBLIC);
        WgPublicKey key = new WgPublicKey(bytes);
        bytes[0] ^= 1;
        key.bytes()[1] ^= 1;
        assertArrayEquals(HexFormat.of().parseHex(ALICE_PUBLIC), key.bytes());
    }

    @Test
    void parseErrorsSayWhatIsWrong() {
        IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
                () -> WgPublicKey.parse("not*base64!"));
        assertTrue(notBase64.getMessage().startsWith("not base64"), notBase64.getMessage());

        String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> WgPublicKey.parse(short16));
        assertTrue(tooShort.getMessage().startsWith("decodes to 16 bytes, a WireGuard key has 32"),
                tooShort.getMessage());

        String long33 = Base64.getEncoder().encodeToString(new byte[33]);
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> WgPrivateKey.parse(long33));
        assertTrue(tooLong.getMessage().startsWith("decodes to 33 bytes"), tooLong.getMessage());

        assertThrows(IllegalArgumentException.class, () -> new WgPublicKey(new byte[31]));
    }

    @Test
    void privateKeyParseErrorsNeverQuoteTheText() {
        // A private key one character off: the message must not carry (a piece of) it.
        String almost = privateFromHex(ALICE_PRIVATE).base64().replace('=', '#');
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> WgPrivateKey.parse(almost));
        assertFalse(error.getMessage().contains(almost.substring(0, 8)), error.getMessage());
        assertFalse(error.getMessage().contains("#"), error.getMessage());
    }

    @Test
    void generatedKeysDifferAndTheirPublicKeysRoundTrip() {
        Set<WgPrivateKey> keys = new HashSet<>();
        Set<WgPublicKey> publicKeys = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            WgPrivateKey key = WgPrivateKey.generate();
            WgPrivateKey reread = WgPrivateKey.parse(key.base64() + "\n");
            assertEquals(key, reread);
            assertEquals(key.publicKey(), reread.publicKey());
            assertEquals(key.publicKey(), WgPublicKey.parse(key.publicKey().base64()));
            // Clamped as wg genkey clamps (RFC 7748 section 5).
            byte[] scalar = key.bytes();
            assertEquals(0, scalar[0] & 7);
            assertEquals(64, scalar[31] & 0xc0);
            keys.add(key);
            publicKeys.add(key.publicKey());
        }
        assertEquals(8, keys.size());
        assertEquals(8, publicKeys.size());
        assertNotEquals(keys.iterator().next().publicKey(), publicFromHex(ALICE_PUBLIC));
    }

    @Test
    void privateKeyNeverPrintsItself() {
        WgPrivateKey key = WgPrivateKey.generate();
        assertEquals("(private key)", key.toString());
        assertFalse(String.valueOf(key).contains(key.base64()));
        assertFalse(("key " + key).contains(key.base64().substring(0, 8)));
    }

    @Test
    void privateKeyBytesAreCopies() {
        WgPrivateKey key = privateFromHex(ALICE_PRIVATE);
        key.bytes()[0] ^= 1;
        assertArrayEquals(HexFormat.of().parseHex(ALICE_PRIVATE), key.bytes());
    }

    private static WgPrivateKey privateFromHex(String hex) {
        return WgPrivateKey.parse(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
    }

    private static WgPublicKey publicFromHex(String hex) {
        return new WgPublicKey(HexFormat.of().parseHex(hex));
    }
}
