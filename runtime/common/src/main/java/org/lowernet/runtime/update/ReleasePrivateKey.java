package org.lowernet.runtime.update;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * The private half of a release key: an Ed25519 seed of 32 bytes. Whoever holds it can sign updates that every
 * node of the neighbourhood installs, so it lives only in its file (mode 0600, written by {@code lowernet keygen})
 * and its {@code toString()} never shows it.
 *
 * <p>The file: comment lines ({@code #}) and one line {@code lowernet-release-ed25519-private BASE64}.
 */
public final class ReleasePrivateKey {

    static final String FILE_TAG = "lowernet-release-ed25519-private";
    private static final byte[] PROBE = "lowernet release key check".getBytes(StandardCharsets.UTF_8);

    private final byte[] seed;
    private final ReleasePublicKey publicKey;

    private ReleasePrivateKey(byte[] seed) {
        if (seed.length != ReleasePublicKey.LENGTH) {
            throw new IllegalArgumentException(seed.length + " bytes, an Ed25519 private key has 32");
        }
        this.seed = seed.clone();
        this.publicKey = derivePublicKey(this.seed);
    }

    /** A new key from the JDK's default SecureRandom (the kernel's random source on Linux). */
    public static ReleasePrivateKey generate() {
        byte[] seed = new byte[ReleasePublicKey.LENGTH];
        new SecureRandom().nextBytes(seed);
        return new ReleasePrivateKey(seed);
    }

    /**
     * A private key file's text.
     *
     * @throws IllegalArgumentException what is wrong with it; the message never contains the key's text
     */
    public static ReleasePrivateKey parseFile(String text) {
        for (String line : text.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (words.length != 2 || !words[0].equals(FILE_TAG)) {
                throw new IllegalArgumentException("not a lowernet release key: expected a line '" + FILE_TAG
                        + " BASE64' (lowernet keygen writes such a file; a .pub file is the public half)");
            }
            byte[] seed;
            try {
                seed = Base64.getDecoder().decode(words[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the key is not base64 (the file is damaged)");
            }
            if (seed.length != ReleasePublicKey.LENGTH) {
                throw new IllegalArgumentException("the key decodes to " + seed.length + " bytes, not 32 (the file is"
                        + " damaged)");
            }
            return new ReleasePrivateKey(seed);
        }
        throw new IllegalArgumentException("no key in it: expected a line '" + FILE_TAG + " BASE64'");
    }

    /** The text of the key's file: what it is, then the key. */
    public String fileText() {
        return "# lowernet release key (Ed25519, private): whoever holds this file can sign updates that every node\n"
                + "# trusting " + publicKey.fingerprint() + " installs. Keep it secret and keep a copy offline.\n"
                + FILE_TAG + " " + Base64.getEncoder().encodeToString(seed) + "\n";
    }

    public ReleasePublicKey publicKey() {
        return publicKey;
    }

    /** The Ed25519 signature (64 bytes) of {@code data}. */
    public byte[] sign(byte[] data) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(jdkKey(seed));
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no Ed25519: " + e.getMessage(), e);
        }
    }

    private static PrivateKey jdkKey(byte[] seed) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519,
                seed));
    }

    /**
     * The JDK derives an Ed25519 public key only while generating a pair, from the 32 bytes its random source
     * gives: so it is given this seed as its random source. The pair is checked (the seed came back, a signature
     * verifies) so that a JDK that drew its seed otherwise fails here, not with a wrong key.
     */
    private static ReleasePublicKey derivePublicKey(byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedSource(seed));
            KeyPair pair = generator.generateKeyPair();
            byte[] drawn = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(new byte[0]);
            ReleasePublicKey key = ReleasePublicKey.fromJdk(pair.getPublic());
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(jdkKey(seed));
            signer.update(PROBE);
            if (!Arrays.equals(drawn, seed) || !key.verifies(PROBE, signer.sign())) {
                throw new IllegalStateException("this JDK's Ed25519 generator did not take the given seed");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no Ed25519: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "(private release key of " + publicKey.fingerprint() + ")";
    }

    /** A random source that gives the seed, and nothing else. */
    private static final class SeedSource extends SecureRandom {

        private final byte[] seed;

        SeedSource(byte[] seed) {
            this.seed = seed;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("asked for " + bytes.length + " random bytes, the seed has "
                        + seed.length);
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }
}
