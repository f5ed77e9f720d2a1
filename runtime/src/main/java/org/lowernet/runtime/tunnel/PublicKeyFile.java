package org.lowernet.runtime.tunnel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.lowernet.runtime.data.AtomicFile;
import org.lowernet.runtime.hash.Sha256;
import org.lowernet.runtime.wgkey.WgPrivateKey;
import org.lowernet.runtime.wgkey.WgPublicKey;
import org.tinylog.Logger;

/**
 * The node key's public half, kept beside the private key ({@value #NAME}) so that a start need not derive it: the
 * JDK's X25519 and the provider it lives in cost a QEMU virt start about 0.9 s and ~120 classes more. The file names
 * the SHA-256 of the private key it belongs to, so a private key changed any other way (by hand, a restored backup)
 * is derived again, never paired with a stale public key. The file is only a cache: one that is missing, unreadable
 * or for another key is made again, and one that cannot be written leaves the key derived at every start.
 */
final class PublicKeyFile {

    /** Beside the private key file. */
    static final String NAME = "public.key";
    /** "PUBLIC SHA256-OF-PRIVATE\n", both base64: 44 characters each. */
    private static final int MAX_FILE_BYTES = 128;

    private PublicKeyFile() {
    }

    /** {@code key}'s public key: the one kept beside {@code privateFile} if it is {@code key}'s, else derived and kept. */
    static WgPublicKey of(WgPrivateKey key, Path privateFile) {
        Path file = privateFile.resolveSibling(NAME);
        String digest = digest(key);
        Optional<WgPublicKey> kept = read(file, digest);
        if (kept.isPresent()) {
            return kept.get();
        }
        WgPublicKey derived = key.publicKey();
        try {
            AtomicFile.writePrivate(file, (derived.base64() + " " + digest + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            Logger.warn("tunnel key: cannot keep the public key in {} ({}): it is derived again at every start", file,
                    e.getMessage());
        }
        return derived;
    }

    private static Optional<WgPublicKey> read(Path file, String digest) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                return Optional.empty();
            }
            String[] fields = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
            return fields.length == 2 && fields[1].equals(digest) ? Optional.of(WgPublicKey.parse(fields[0]))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            Logger.debug("tunnel key: {} is not a usable public key file ({}); deriving the key", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static String digest(WgPrivateKey key) {
        return Base64.getEncoder().encodeToString(Sha256.bytes(key.bytes()));
    }
}
