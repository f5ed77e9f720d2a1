package org.lowernet.image.debian;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * The OpenPGP public keys an index signature may come from. The Debian set is shipped as data:
 * the binary keyrings of Debian's {@code debian-archive-keyring} package for trixie (stable release
 * key, archive automatic key, security automatic key). Keys are trusted as shipped: expiry and
 * revocation are not checked (that would need a clock); a new Debian release means new keyring files.
 */
public final class ArchiveKeys {

    static final List<String> DEBIAN_KEYRINGS = List.of(
            "debian-archive-trixie-stable.gpg",
            "debian-archive-trixie-automatic.gpg",
            "debian-archive-trixie-security-automatic.gpg");

    private final PGPPublicKeyRingCollection keys;

    public ArchiveKeys(PGPPublicKeyRingCollection keys) {
        this.keys = keys;
    }

    public static ArchiveKeys debian() {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        for (String name : DEBIAN_KEYRINGS) {
            try (InputStream in = ArchiveKeys.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("the Debian archive keyring " + name
                            + " is missing from the builder's resources; rebuild the builder");
                }
                read(in, name).forEach(rings::add);
            } catch (IOException e) {
                throw new UncheckedIOException("reading the Debian archive keyring " + name, e);
            }
        }
        return new ArchiveKeys(new PGPPublicKeyRingCollection(rings));
    }

    /** Reads a binary or ASCII-armoured keyring. */
    public static PGPPublicKeyRingCollection read(InputStream in, String source) throws IOException {
        try {
            return new PGPPublicKeyRingCollection(PGPUtil.getDecoderStream(in), new BcKeyFingerprintCalculator());
        } catch (PGPException e) {
            throw new IOException("reading OpenPGP public keys from " + source + ": " + e.getMessage(), e);
        }
    }

    PGPPublicKeyRingCollection collection() {
        return keys;
    }
}
