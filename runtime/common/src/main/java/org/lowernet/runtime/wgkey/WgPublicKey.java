package org.lowernet.runtime.wgkey;

import java.util.Arrays;

/** A WireGuard public key: the X25519 u-coordinate of a private key times the base point, 32 bytes. */
public record WgPublicKey(byte[] bytes) {

    public WgPublicKey {
        bytes = KeyBytes.checkedCopy(bytes);
    }

    /**
     * {@code base64} as {@code wg pubkey} prints it.
     *
     * @throws IllegalArgumentException "not base64" or "decodes to N bytes, a WireGuard key has 32"
     */
    public static WgPublicKey parse(String base64) {
        return new WgPublicKey(KeyBytes.decode(base64));
    }

    /** A copy: the record stays immutable. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String base64() {
        return KeyBytes.encode(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WgPublicKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return base64();
    }
}
