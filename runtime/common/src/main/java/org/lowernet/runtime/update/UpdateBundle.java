package org.lowernet.runtime.update;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.lowernet.runtime.hash.Sha256;

/**
 * The bundle file ({@code lowernet-VERSION-ARCH.update}): a header line, the manifest (its length, then its
 * text), a line with the manifest's Ed25519 signature and the public key that made it, then every part's bytes in
 * the manifest's order. One pass reads it: nothing past the signature is believed before the signature checks,
 * and nothing of a part reaches its sink without its piece's SHA-256 checked.
 */
public final class UpdateBundle {

    static final String HEADER = "lowernet-update 1";
    /** A manifest lists a few hundred pieces: far below this. */
    static final int MAX_MANIFEST = 1 << 20;
    private static final int MAX_LINE = 256;

    private UpdateBundle() {
    }

    /** The file name of a bundle. */
    public static String fileName(ReleaseVersion version, String architecture) {
        return "lowernet-" + version + "-" + architecture + ".update";
    }

    /** Where a part's bytes are read from, as often as needed (to hash them, then to write them). */
    @FunctionalInterface
    public interface Source {

        InputStream open() throws IOException;

        static Source of(Path file) {
            return () -> Files.newInputStream(file);
        }
    }

    /** A part of {@code role} named {@code name} with {@code source}'s bytes: its size and hashes. */
    public static UpdateManifest.Part describe(UpdateManifest.Role role, String name, Source source, int pieceSize)
            throws IOException {
        MessageDigest whole = Sha256.digest();
        List<String> pieces = new ArrayList<>();
        long size = 0;
        try (InputStream in = source.open()) {
            byte[] piece;
            while ((piece = in.readNBytes(pieceSize)).length > 0) {
                whole.update(piece);
                pieces.add(Sha256.hex(piece));
                size += piece.length;
            }
        }
        return new UpdateManifest.Part(role, name, size, Sha256.hex(whole), pieces);
    }

    /**
     * Writes the bundle of {@code manifest}, signed with {@code key}; {@code sources} holds each part's bytes by
     * its name, and each must still be what the manifest says (checked as it is copied).
     */
    public static void write(OutputStream out, UpdateManifest manifest, ReleasePrivateKey key,
            Map<String, Source> sources) throws IOException {
        byte[] text = manifest.bytesToSign();
        Base64.Encoder base64 = Base64.getEncoder();
        out.write((HEADER + "\nmanifest " + text.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(text);
        out.write(("signature " + base64.encodeToString(key.sign(text)) + " " + key.publicKey().base64() + "\n")
                .getBytes(StandardCharsets.US_ASCII));
        for (UpdateManifest.Part part : manifest.parts()) {
            Source source = sources.get(part.name());
            if (source == null) {
                throw new IllegalArgumentException("no bytes for the part " + part.name());
            }
            MessageDigest whole = Sha256.digest();
            long copied;
            try (InputStream in = source.open()) {
                copied = in.transferTo(new DigestOutputStream(out, whole));
            }
            if (copied != part.size() || !Sha256.hex(whole).equals(part.sha256())) {
                throw new IOException(part.name() + " changed after its hash went into the manifest");
            }
        }
    }

    /**
     * Reads a bundle's head from {@code in} and checks it: the header, the manifest, a signature by one of
     * {@code trusted} that matches the manifest.
     *
     * @throws BundleRefused what is wrong, for the sender: not a bundle, truncated, unsigned, signed by a key this
     *     node does not trust, a signature that does not match
     */
    public static Opened open(InputStream in, List<ReleasePublicKey> trusted) throws IOException, BundleRefused {
        String header = line(in, "its header");
        if (!header.equals(HEADER)) {
            throw new BundleRefused("not a lowernet update bundle (it does not begin with '" + HEADER + "')");
        }
        String[] length = line(in, "its manifest's length").split(" ");
        int size;
        try {
            size = length.length == 2 && length[0].equals("manifest") ? Integer.parseInt(length[1]) : -1;
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size <= 0 || size > MAX_MANIFEST) {
            throw new BundleRefused("damaged: no manifest length of 1 to " + MAX_MANIFEST + " bytes after the header");
        }
        byte[] text = in.readNBytes(size);
        if (text.length < size) {
            throw new BundleRefused("truncated: it ends inside its manifest");
        }
        String[] signature = line(in, "its signature").split(" ");
        if (signature.length != 3 || !signature[0].equals("signature")) {
            throw new BundleRefused("unsigned: no signature line after the manifest (build it with a release key:"
                    + " scripts/build --release-key FILE)");
        }
        ReleasePublicKey signer;
        byte[] signed;
        try {
            signer = ReleasePublicKey.parse(signature[2]);
            signed = Base64.getDecoder().decode(signature[1]);
        } catch (IllegalArgumentException e) {
            throw new BundleRefused("damaged: its signature line is not a signature and a key (" + e.getMessage() + ")");
        }
        if (!trusted.contains(signer)) {
            throw new BundleRefused("signed by " + signer + ", which this node does not trust (it trusts "
                    + (trusted.isEmpty() ? "no release key at all" : trusted.stream().map(ReleasePublicKey::toString)
                            .collect(Collectors.joining(", "))) + ")");
        }
        if (!signer.verifies(text, signed)) {
            throw new BundleRefused("its signature does not match its manifest: the bundle was altered or damaged");
        }
        try {
            return new Opened(UpdateManifest.parse(new String(text, StandardCharsets.UTF_8)), signer, in);
        } catch (IllegalArgumentException e) {
            throw new BundleRefused("its signed manifest cannot be read: " + e.getMessage());
        }
    }

    /** Where a checked part's bytes go. */
    public interface PartSink {

        /** The stream for {@code part}'s bytes; the reader closes it after the last piece. */
        OutputStream open(UpdateManifest.Part part) throws IOException;
    }

    /** A bundle whose head checked: its manifest, who signed it, and its parts still to read. */
    public static final class Opened {

        private final UpdateManifest manifest;
        private final ReleasePublicKey signer;
        private final InputStream in;

        private Opened(UpdateManifest manifest, ReleasePublicKey signer, InputStream in) {
            this.manifest = manifest;
            this.signer = signer;
            this.in = in;
        }

        public UpdateManifest manifest() {
            return manifest;
        }

        public ReleasePublicKey signer() {
            return signer;
        }

        /**
         * Reads every part into {@code sink}, piece by piece, each checked before it is written; then the end
         * of the bundle.
         *
         * @throws BundleRefused a piece or part whose SHA-256 differs from the manifest's, a bundle that ends
         *     early, or bytes after the last part; what the sink got must then be thrown away
         */
        public void readParts(PartSink sink) throws IOException, BundleRefused {
            int pieceSize = manifest.pieceSize();
            for (UpdateManifest.Part part : manifest.parts()) {
                MessageDigest whole = Sha256.digest();
                try (OutputStream out = sink.open(part)) {
                    for (int i = 0; i < part.pieces().size(); i++) {
                        int bytes = (int) part.pieceBytes(i, pieceSize);
                        byte[] piece = in.readNBytes(bytes);
                        if (piece.length < bytes) {
                            throw new BundleRefused("truncated: it ends in " + part.name() + ", piece " + (i + 1)
                                    + " of " + part.pieces().size());
                        }
                        if (!Sha256.hex(piece).equals(part.pieces().get(i))) {
                            throw new BundleRefused("corrupt: " + part.name() + ", piece " + (i + 1) + " of "
                                    + part.pieces().size() + ", is not what the signed manifest says");
                        }
                        whole.update(piece);
                        out.write(piece);
                    }
                }
                if (!Sha256.hex(whole).equals(part.sha256())) {
                    throw new BundleRefused("corrupt: " + part.name() + " as a whole is not what the signed manifest"
                            + " says");
                }
            }
            if (in.read() != -1) {
                throw new BundleRefused("damaged: there are bytes after its last part");
            }
        }
    }

    /** One ASCII line of at most {@link #MAX_LINE} bytes, without its newline. */
    private static String line(InputStream in, String what) throws IOException, BundleRefused {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new BundleRefused(line.size() == 0 && what.equals("its header") ? "empty: no bytes at all"
                        : "truncated: it ends in " + what);
            }
            if (line.size() == MAX_LINE) {
                throw new BundleRefused("not a lowernet update bundle (no line where " + what + " should be)");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
