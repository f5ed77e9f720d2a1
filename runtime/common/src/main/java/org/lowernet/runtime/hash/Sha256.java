package org.lowernet.runtime.hash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and its lowercase hex text; every Java SE platform has SHA-256 (MessageDigest javadoc). */
public final class Sha256 {

    private static final int BUFFER = 1 << 16;

    private Sha256() {
    }

    /** A fresh digest, for callers that feed it piece by piece (ranges, downloads, cache keys). */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256, which every Java SE platform must have", e);
        }
    }

    /** The raw 32 bytes, for callers that take bits of the hash or encode it otherwise (Base64, addresses). */
    public static byte[] bytes(byte[] data) {
        return digest().digest(data);
    }

    public static String hex(byte[] data) {
        return text(bytes(data));
    }

    /** Finishes {@code digest} (it starts over afterwards) and returns its value as hex. */
    public static String hex(MessageDigest digest) {
        return text(digest.digest());
    }

    /** Feeds the rest of {@code in} into {@code digest}; {@code in} is left at its end, open. */
    public static void update(MessageDigest digest, InputStream in) throws IOException {
        byte[] buffer = new byte[BUFFER];
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
        }
    }

    /** The hash of the rest of {@code in}, which is left at its end, open. */
    public static String of(InputStream in) throws IOException {
        MessageDigest digest = digest();
        update(digest, in);
        return hex(digest);
    }

    public static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        }
    }

    private static String text(byte[] value) {
        return HexFormat.of().formatHex(value);
    }
}
