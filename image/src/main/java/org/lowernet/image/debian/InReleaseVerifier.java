package org.lowernet.image.debian;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Verifies a clearsigned {@code InRelease} file (RFC 4880 section 7, cleartext signature framework)
 * against {@link ArchiveKeys}. The signed text is rebuilt as the RFC says: dash-escaping removed,
 * trailing spaces and tabs removed from every line, lines joined by CRLF, no line ending after the
 * last line (it belongs to the armour). At least one signature must be good and come from a known
 * key; a bad signature from a known key fails the whole file, since it means the text was changed.
 * Signatures from unknown keys (e.g. the previous release's) are ignored.
 */
public final class InReleaseVerifier {

    static final String BEGIN_MESSAGE = "-----BEGIN PGP SIGNED MESSAGE-----";
    static final String BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";
    /** RFC 4880 section 7.1: a dash-escaped line starts with "- ". */
    private static final String DASH_ESCAPE = "- ";
    /** SHA-1 and MD5 are broken for signatures; apt refuses them too. */
    private static final Set<Integer> ACCEPTED_HASHES =
            Set.of(HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA512);

    /** The signed text (lines joined by '\n', ending in '\n') and who signed it. */
    public record Verified(String body, List<String> signers) {
    }

    private final ArchiveKeys keys;

    public InReleaseVerifier(ArchiveKeys keys) {
        this.keys = keys;
    }

    public Verified verify(byte[] inRelease, String source) throws IOException {
        List<String> lines = List.of(new String(inRelease, StandardCharsets.UTF_8).split("\r?\n", -1));
        if (lines.isEmpty() || !lines.getFirst().strip().equals(BEGIN_MESSAGE)) {
            throw new IOException(source + " is not a clearsigned file: it does not start with " + BEGIN_MESSAGE);
        }
        int i = 1;
        while (i < lines.size() && !lines.get(i).isEmpty()) {
            i++; // armour headers such as "Hash: SHA256"; the signature packet says which hash counts
        }
        List<String> signed = new ArrayList<>();
        for (i++; i < lines.size() && !lines.get(i).equals(BEGIN_SIGNATURE); i++) {
            String line = lines.get(i);
            if (line.startsWith("-")) {
                if (!line.startsWith(DASH_ESCAPE)) {
                    throw new IOException(source + " line " + (i + 1) + ": unescaped dash line '" + line + "'");
                }
                line = line.substring(DASH_ESCAPE.length());
            }
            signed.add(line.replaceAll("[ \t]+$", ""));
        }
        if (i >= lines.size()) {
            throw new IOException(source + " has no " + BEGIN_SIGNATURE + " block");
        }
        String armour = String.join("\n", lines.subList(i, lines.size()));
        byte[] canonical = String.join("\r\n", signed).getBytes(StandardCharsets.UTF_8);
        List<String> signers = checkSignatures(readSignatures(armour, source), canonical, source);
        return new Verified(String.join("\n", signed) + "\n", signers);
    }

    private List<String> checkSignatures(PGPSignatureList signatures, byte[] canonical, String source)
            throws IOException {
        List<String> good = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (PGPSignature signature : signatures) {
            String keyId = String.format("%016X", signature.getKeyID());
            PGPPublicKey key = publicKey(signature.getKeyID());
            if (key == null) {
                unknown.add(keyId);
                continue;
            }
            if (signature.getSignatureType() != PGPSignature.CANONICAL_TEXT_DOCUMENT
                    || !ACCEPTED_HASHES.contains(signature.getHashAlgorithm())) {
                throw new IOException(source + ": signature by key " + keyId + " has type "
                        + signature.getSignatureType() + " and hash algorithm " + signature.getHashAlgorithm()
                        + "; only text signatures with SHA-256/384/512 are accepted");
            }
            try {
                signature.init(new BcPGPContentVerifierBuilderProvider(), key);
                signature.update(canonical);
                if (!signature.verify()) {
                    throw new IOException(source + ": the signature by " + describe(key) + " does not match"
                            + " the signed text: the file was altered or damaged in transit; fetch it again"
                            + " or try another mirror");
                }
            } catch (PGPException e) {
                throw new IOException(source + ": checking the signature by key " + keyId + ": " + e.getMessage(), e);
            }
            good.add(describe(key));
        }
        if (good.isEmpty()) {
            throw new IOException(source + ": no signature from a known Debian archive key (signed by key IDs "
                    + unknown + "); the mirror may serve another distribution, or the builder's keyrings"
                    + " (org/lowernet/image/debian/*.gpg) need updating");
        }
        return List.copyOf(good);
    }

    private static PGPSignatureList readSignatures(String armour, String source) throws IOException {
        try (ArmoredInputStream in = new ArmoredInputStream(
                new ByteArrayInputStream(armour.getBytes(StandardCharsets.US_ASCII)))) {
            Object object = new BcPGPObjectFactory(in).nextObject();
            if (object instanceof PGPSignatureList list && !list.isEmpty()) {
                return list;
            }
            throw new IOException(source + ": the signature block holds no signatures but " + object);
        }
    }

    private PGPPublicKey publicKey(long keyId) {
        return keys.collection().getPublicKey(keyId);
    }

    /** The primary user ID of the key's ring and the signing key's fingerprint. */
    private String describe(PGPPublicKey key) {
        String fingerprint = HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
        PGPPublicKeyRing ring = keys.collection().getPublicKeyRing(key.getKeyID());
        Iterator<String> ids = ring.getPublicKey().getUserIDs();
        return (ids.hasNext() ? ids.next() : "(no user ID)") + " [" + fingerprint + "]";
    }
}
