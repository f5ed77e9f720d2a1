package org.lowernet.runtime.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ReleaseKeyTest {

    /** RFC 8032 section 7.1, TEST 1: the empty message. */
    private static final String RFC_SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String RFC_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String RFC_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    @Test
    void theSeedGivesRfc8032sPublicKeyAndSignature() {
        ReleasePrivateKey key = fromSeed(RFC_SECRET);
        assertEquals(ReleasePublicKey.parse(base64(RFC_PUBLIC)), key.publicKey());
        assertArrayEquals(HexFormat.of().parseHex(RFC_SIGNATURE), key.sign(new byte[0]));
        assertTrue(key.publicKey().verifies(new byte[0], HexFormat.of().parseHex(RFC_SIGNATURE)));
    }

    @Test
    void aSignatureChecksOnlyForItsDataAndItsKey() {
        ReleasePrivateKey key = ReleasePrivateKey.generate();
        ReleasePrivateKey other = ReleasePrivateKey.generate();
        byte[] data = "manifest".getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(data);
        assertTrue(key.publicKey().verifies(data, signature));
        assertFalse(key.publicKey().verifies("manifesT".getBytes(StandardCharsets.UTF_8), signature));
        assertFalse(other.publicKey().verifies(data, signature));
        assertFalse(key.publicKey().verifies(data, new byte[10]), "a signature of the wrong length");
        assertNotEquals(key.publicKey(), other.publicKey());
    }

    @Test
    void filesReadBackAndThePrivateKeyIsNeverShown() {
        ReleasePrivateKey key = ReleasePrivateKey.generate();
        ReleasePrivateKey read = ReleasePrivateKey.parseFile(key.fileText());
        assertEquals(key.publicKey(), read.publicKey());
        String secret = key.fileText().lines().filter(l -> l.startsWith("lowernet-release-ed25519-private "))
                .findFirst().orElseThrow().split(" ")[1];
        assertFalse(key.toString().contains(secret), key.toString());
        assertTrue(key.toString().contains(key.publicKey().fingerprint()), key.toString());
        ReleasePublicKey pub = ReleasePublicKey.parseFile("# a comment\n" + key.publicKey().fileText("infoshop"));
        assertEquals(key.publicKey(), pub);
        assertEquals(16, pub.fingerprint().length());
    }

    @Test
    void damagedOrWrongFilesAreNamedWithoutEchoingTheirText() {
        String secret = Base64.getEncoder().encodeToString(new byte[31]);
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> ReleasePrivateKey.parseFile("lowernet-release-ed25519-private " + secret + "\n"));
        assertTrue(shortKey.getMessage().contains("31 bytes"), shortKey.getMessage());
        assertFalse(shortKey.getMessage().contains(secret), shortKey.getMessage());
        ReleasePublicKey pub = ReleasePrivateKey.generate().publicKey();
        IllegalArgumentException publicGiven = assertThrows(IllegalArgumentException.class,
                () -> ReleasePrivateKey.parseFile(pub.fileText("")));
        assertTrue(publicGiven.getMessage().contains(".pub file is the public half"), publicGiven.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReleasePrivateKey.parseFile("# only comments\n"));
        IllegalArgumentException sshKey = assertThrows(IllegalArgumentException.class,
                () -> ReleasePublicKey.parseFile("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE admin@laptop\n"));
        assertTrue(sshKey.getMessage().contains("not a lowernet release public key"), sshKey.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReleasePublicKey.parse("not base64!"));
    }

    private static ReleasePrivateKey fromSeed(String hex) {
        return ReleasePrivateKey.parseFile("lowernet-release-ed25519-private " + base64(hex) + "\n");
    }

    private static String base64(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }
}
