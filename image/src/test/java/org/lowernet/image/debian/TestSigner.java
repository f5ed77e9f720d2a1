package org.lowernet.image.debian;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/** A throw-away Ed25519 OpenPGP key derived from a fixed seed, clearsigning like Debian's archive. */
public final class TestSigner {

    private final PGPKeyPair pair;
    private final PGPPublicKeyRingCollection keys;

    public TestSigner(int seed) throws PGPException {
        byte[] secret = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
        Arrays.fill(secret, (byte) seed);
        Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(secret);
        pair = new BcPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.EDDSA_LEGACY,
                new AsymmetricCipherKeyPair(privateKey.generatePublicKey(), privateKey), new Date(0));
        PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair,
                "Test Archive Key " + seed + " <archive@example.org>",
                new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), null, null,
                new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA256), null);
        keys = new PGPPublicKeyRingCollection(List.of(rings.generatePublicKeyRing()));
    }

    public ArchiveKeys keys() {
        return new ArchiveKeys(keys);
    }

    /** RFC 4880 section 7 clearsigned text of {@code lines}, written with the given line ending. */
    public String clearsign(List<String> lines, String eol) throws PGPException, IOException {
        String canonical = String.join("\r\n", lines.stream().map(l -> l.replaceAll("[ \t]+$", "")).toList());
        PGPSignatureGenerator generator = new PGPSignatureGenerator(
                new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA256),
                pair.getPublicKey());
        generator.init(PGPSignature.CANONICAL_TEXT_DOCUMENT, pair.getPrivateKey());
        generator.update(canonical.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream armour = new ByteArrayOutputStream();
        try (ArmoredOutputStream out = ArmoredOutputStream.builder().clearHeaders().build(armour)) {
            generator.generate().encode(out);
        }
        StringBuilder text = new StringBuilder(InReleaseVerifier.BEGIN_MESSAGE).append(eol)
                .append("Hash: SHA256").append(eol).append(eol);
        for (String line : lines) {
            text.append(line.startsWith("-") ? "- " + line : line).append(eol);
        }
        text.append(armour.toString(StandardCharsets.US_ASCII).replace("\r\n", "\n").replace("\n", eol));
        return text.toString();
    }
}
