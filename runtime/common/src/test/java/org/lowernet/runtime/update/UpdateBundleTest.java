package org.lowernet.runtime.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateBundleTest {

    private static final int PIECE = 4096;
    private static final ReleasePrivateKey KEY = ReleasePrivateKey.generate();

    @TempDir
    Path dir;

    private final Map<String, Path> files = new LinkedHashMap<>();
    private final Map<String, UpdateBundle.Source> sources = new LinkedHashMap<>();
    private UpdateManifest manifest;
    private byte[] bundle;

    @BeforeEach
    void makeBundle() throws IOException {
        files.put("initrd.img", write("initrd.img", 2 * PIECE + 123, 1));
        files.put("vmlinuz", write("vmlinuz", PIECE, 2));
        files.put("bcm2710-rpi-3-b.dtb", write("dtb", 0, 3));
        files.forEach((name, file) -> sources.put(name, UpdateBundle.Source.of(file)));
        manifest = new UpdateManifest(ReleaseVersion.parse("0.2.0"), "arm64", List.of("pi3", "qemu-virt"), PIECE,
                List.of(UpdateBundle.describe(UpdateManifest.Role.SYSTEM, "initrd.img", sources.get("initrd.img"), PIECE),
                        UpdateBundle.describe(UpdateManifest.Role.BOOT, "vmlinuz", sources.get("vmlinuz"), PIECE),
                        UpdateBundle.describe(UpdateManifest.Role.BOOT, "bcm2710-rpi-3-b.dtb",
                                sources.get("bcm2710-rpi-3-b.dtb"), PIECE)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UpdateBundle.write(out, manifest, KEY, sources);
        bundle = out.toByteArray();
    }

    @Test
    void aBundleReadsBackPartForPartWithItsSigner() throws Exception {
        assertEquals(List.of(3, 1, 0), manifest.parts().stream().map(p -> p.pieces().size()).toList());
        Map<String, byte[]> got = read(bundle, List.of(ReleasePrivateKey.generate().publicKey(), KEY.publicKey()));
        assertEquals(files.keySet(), got.keySet());
        for (String name : files.keySet()) {
            assertArrayEquals(Files.readAllBytes(files.get(name)), got.get(name), name);
        }
        UpdateBundle.Opened opened = UpdateBundle.open(new ByteArrayInputStream(bundle), List.of(KEY.publicKey()));
        assertEquals(manifest, opened.manifest());
        assertEquals(KEY.publicKey(), opened.signer());
        assertEquals("initrd.img", opened.manifest().system().name());
        assertEquals(3 * PIECE + 123, opened.manifest().bytes());
    }

    @Test
    void theSameInputsGiveTheSameBytes() throws Exception {
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        UpdateBundle.write(again, manifest, KEY, sources);
        assertArrayEquals(bundle, again.toByteArray(), "Ed25519 signatures are deterministic, so is the bundle");
    }

    @Test
    void aBundleSignedByAnotherKeyIsRefusedBeforeItsParts() {
        ReleasePrivateKey stranger = ReleasePrivateKey.generate();
        String reason = refusal(bundle, List.of(stranger.publicKey()));
        assertTrue(reason.startsWith("signed by " + KEY.publicKey() + ", which this node does not trust (it trusts "
                + stranger.publicKey() + ")"), reason);
        assertTrue(refusal(bundle, List.of()).contains("it trusts no release key at all"));
    }

    @Test
    void anUnsignedBundleIsRefused() {
        String text = new String(bundle, StandardCharsets.ISO_8859_1);
        int signature = text.indexOf("\nsignature ", text.indexOf("piece ")) + 1;
        int end = text.indexOf('\n', signature) + 1;
        byte[] unsigned = (text.substring(0, signature) + text.substring(end)).getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(refusal(unsigned).startsWith("unsigned: no signature line"), refusal(unsigned));
    }

    @Test
    void anAlteredManifestNoLongerMatchesItsSignature() {
        byte[] altered = replaceFirst(bundle, "version 0.2.0", "version 9.2.0");
        assertEquals("its signature does not match its manifest: the bundle was altered or damaged", refusal(altered));
    }

    @Test
    void aCorruptPieceIsNamed() {
        int dataStart = indexOf(bundle, " " + KEY.publicKey().base64() + "\n") + 46;
        byte[] corrupt = bundle.clone();
        corrupt[dataStart + PIECE + 7] ^= 1; // the initrd's second piece
        assertEquals("corrupt: initrd.img, piece 2 of 3, is not what the signed manifest says", refusal(corrupt));
        byte[] kernel = bundle.clone();
        kernel[bundle.length - 1] ^= (byte) 0x80;
        assertEquals("corrupt: vmlinuz, piece 1 of 1, is not what the signed manifest says", refusal(kernel));
    }

    @Test
    void aTruncatedBundleSaysWhereItEnds() {
        assertEquals("truncated: it ends in vmlinuz, piece 1 of 1", refusal(Arrays.copyOf(bundle, bundle.length - 1)));
        int manifestAt = indexOf(bundle, "version ");
        assertEquals("truncated: it ends inside its manifest", refusal(Arrays.copyOf(bundle, manifestAt + 10)));
        int signatureAt = indexOf(bundle, "signature ");
        assertEquals("truncated: it ends in its signature", refusal(Arrays.copyOf(bundle, signatureAt + 20)));
        assertEquals("empty: no bytes at all", refusal(new byte[0]));
    }

    @Test
    void bytesAfterTheLastPartAndOtherFilesAreRefused() {
        byte[] longer = Arrays.copyOf(bundle, bundle.length + 1);
        assertEquals("damaged: there are bytes after its last part", refusal(longer));
        byte[] image = new byte[4096];
        new Random(5).nextBytes(image);
        assertTrue(refusal(image).startsWith("not a lowernet update bundle"), refusal(image));
        assertTrue(refusal("lowernet-update 1\nmanifest 99999999999\n".getBytes(StandardCharsets.US_ASCII))
                .startsWith("damaged: no manifest length"));
    }

    @Test
    void aPartFileChangedAfterItsManifestIsNotWritten() throws Exception {
        Files.write(files.get("vmlinuz"), new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class,
                () -> UpdateBundle.write(OutputStream.nullOutputStream(), manifest, KEY, sources));
        assertTrue(e.getMessage().contains("changed after its hash went into the manifest"), e.getMessage());
    }

    private String refusal(byte[] bytes) {
        return refusal(bytes, List.of(KEY.publicKey()));
    }

    private static String refusal(byte[] bytes, List<ReleasePublicKey> trusted) {
        return assertThrows(BundleRefused.class, () -> read(bytes, trusted)).getMessage();
    }

    private static Map<String, byte[]> read(byte[] bytes, List<ReleasePublicKey> trusted) throws Exception {
        Map<String, ByteArrayOutputStream> parts = new LinkedHashMap<>();
        UpdateBundle.open(new ByteArrayInputStream(bytes), trusted).readParts(part -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            parts.put(part.name(), out);
            return out;
        });
        Map<String, byte[]> got = new LinkedHashMap<>();
        parts.forEach((name, out) -> got.put(name, out.toByteArray()));
        return got;
    }

    private Path write(String name, int size, int seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    private static int indexOf(byte[] bytes, String text) {
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(text);
        assertTrue(at >= 0, text);
        return at;
    }

    private static byte[] replaceFirst(byte[] bytes, String from, String to) {
        assertEquals(from.length(), to.length());
        byte[] copy = bytes.clone();
        System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, copy, indexOf(bytes, from), to.length());
        return copy;
    }
}
