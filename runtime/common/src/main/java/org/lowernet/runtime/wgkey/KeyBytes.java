package org.lowernet.runtime.wgkey;

import java.util.Base64;

/** WireGuard's key text: standard base64 (with padding) of exactly 32 bytes, as {@code wg genkey} prints it. */
final class KeyBytes {

    static final int LENGTH = 32;

    private KeyBytes() {
    }

    /** The 32 bytes of {@code base64}; the message never repeats the text, which may be a private key. */
    static byte[] decode(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            // The decoder's own message quotes the offending character, a piece of what may be a secret.
            throw new IllegalArgumentException("not base64: a WireGuard key is 44 characters of base64 "
                    + "(A-Z a-z 0-9 + /) ending in '=', as wg genkey or lowernet prints it");
        }
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("decodes to " + bytes.length + " bytes, a WireGuard key has "
                    + LENGTH + " (44 characters of base64 ending in '=')");
        }
        return bytes;
    }

    static byte[] checkedCopy(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException(bytes.length + " bytes, a WireGuard key has " + LENGTH);
        }
        return bytes.clone();
    }

    static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
