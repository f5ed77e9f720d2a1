package org.lowernet.runtime.update;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.lowernet.runtime.hash.Sha256;

/**
 * The public half of a release key: 32 bytes of Ed25519 (RFC 8032), written as base64. Its file is one line,
 * {@code lowernet-release-ed25519 BASE64 [comment]}, so that a person can tell it from an SSH or WireGuard key.
 */
public final class ReleasePublicKey {

    static final String FILE_TAG = "lowernet-release-ed25519";
    static final int LENGTH = 32;
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): the raw key follows it. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final byte[] bytes;

    ReleasePublicKey(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException(bytes.length + " bytes, an Ed25519 public key has " + LENGTH);
        }
        this.bytes = bytes.clone();
    }

    /** The key in base64 (44 characters). */
    public static ReleasePublicKey parse(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: a release public key is 44 characters of base64");
        }
        if (raw.length != LENGTH) {
            throw new IllegalArgumentException("decodes to " + raw.length + " bytes, a release public key has "
                    + LENGTH + " (44 characters of base64)");
        }
        return new ReleasePublicKey(raw);
    }

    /** A public key file's text: its first line that is not blank or a comment ({@code #}). */
    public static ReleasePublicKey parseFile(String text) {
        for (String line : text.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (!words[0].equals(FILE_TAG) || words.length < 2) {
                throw new IllegalArgumentException("not a lowernet release public key: the line must start with '"
                        + FILE_TAG + " ' and the key (lowernet keygen writes such a file)");
            }
            return parse(words[1]);
        }
        throw new IllegalArgumentException("no key in it: expected a line '" + FILE_TAG + " BASE64'");
    }

    static ReleasePublicKey fromJdk(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded.length != X509_PREFIX.length + LENGTH
                || !Arrays.equals(encoded, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalStateException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return new ReleasePublicKey(Arrays.copyOfRange(encoded, X509_PREFIX.length, encoded.length));
    }

    /** Whether {@code signature} is this key's Ed25519 signature of {@code data}. */
    public boolean verifies(byte[] data, byte[] signature) {
        try {
            byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + LENGTH);
            System.arraycopy(bytes, 0, encoded, X509_PREFIX.length, LENGTH);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false; // a signature of the wrong length or form
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no Ed25519: " + e.getMessage(), e);
        }
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A short name for messages: the first 16 hex digits of the key's SHA-256. */
    public String fingerprint() {
        return HexFormat.of().formatHex(Sha256.bytes(bytes), 0, 8);
    }

    /** The text of a public key file. */
    public String fileText(String comment) {
        return FILE_TAG + " " + base64() + (comment.isBlank() ? "" : " " + comment.strip()) + "\n";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReleasePublicKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "release key " + fingerprint();
    }
}
