package org.lowernet.runtime.wgkey;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;

/**
 * A WireGuard private key: an X25519 scalar, 32 bytes. Its {@code toString()} is "(private key)" so that
 * it cannot leak through a log line or a message by accident; {@link #base64()} is for writing the key
 * file and nothing else.
 */
public final class WgPrivateKey {

    /** RFC 7748 section 4.1: the base point of Curve25519 has u = 9. */
    private static final BigInteger BASE_POINT_U = BigInteger.valueOf(9);

    private final byte[] bytes;

    private WgPrivateKey(byte[] bytes) {
        this.bytes = KeyBytes.checkedCopy(bytes);
    }

    /**
     * {@code base64} as {@code wg genkey} prints it (or a key file holds it, trailing newline allowed).
     *
     * @throws IllegalArgumentException "not base64" or "decodes to N bytes, a WireGuard key has 32"; the
     *     message never contains the text
     */
    public static WgPrivateKey parse(String base64) {
        return new WgPrivateKey(KeyBytes.decode(base64));
    }

    /** A new random key from the JDK's X25519 generator (its SecureRandom), clamped as {@code wg genkey} does. */
    public static WgPrivateKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            XECPrivateKey key = (XECPrivateKey) generator.generateKeyPair().getPrivate();
            byte[] scalar = key.getScalar().orElseThrow(
                    () -> new IllegalStateException("the JDK's X25519 key has no raw scalar"));
            // RFC 7748 section 5's clamping; X25519 applies it anyway, but a key file then reads as wg's would.
            scalar[0] &= (byte) 248;
            scalar[31] &= 127;
            scalar[31] |= 64;
            return new WgPrivateKey(scalar);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no X25519: " + e.getMessage(), e);
        }
    }

    /** X25519(k, 9): the key the other side puts in its {@code public_key}. */
    public WgPublicKey publicKey() {
        try {
            KeyFactory factory = KeyFactory.getInstance("X25519");
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, bytes)));
            agreement.doPhase(factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BASE_POINT_U)),
                    true);
            return new WgPublicKey(agreement.generateSecret());
        } catch (GeneralSecurityException e) {
            // Never the key in the message: only what failed.
            throw new IllegalStateException("deriving a WireGuard public key with the JDK's X25519 failed: "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /** The key file's text (no newline). Only for writing that file: never log it. */
    public String base64() {
        return KeyBytes.encode(bytes);
    }

    /** A copy of the scalar, for the netlink message that hands it to the kernel. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WgPrivateKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "(private key)";
    }
}
