package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;

class InReleaseVerifierTest {

    /** The fields of a Debian Release file the builder reads, shaped as Debian's are. */
    private static final List<String> RELEASE = List.of(
            "Origin: Debian", "Label: Debian", "Suite: stable", "Version: 13.2", "Codename: trixie",
            "Architectures: all amd64 arm64", "Components: main contrib non-free-firmware non-free",
            "SHA256:",
            " " + "0a".repeat(32) + " 9876543 main/binary-arm64/Packages.xz",
            " " + "0b".repeat(32) + " 123456 non-free-firmware/binary-arm64/Packages.xz");

    private static final List<String> BODY = List.of(
            "Origin: Test", "Codename: trixie", "SHA256:",
            " " + "ab".repeat(32) + " 1234 main/binary-arm64/Packages.xz",
            "-dash line that must be escaped", "trailing spaces   \t", "- already dashy", "From the start");

    /**
     * The shipped keyrings are Debian's trixie keys: the fingerprints are those of Debian's own signed
     * debian-archive-keyring package (this Debian 12 host's /usr/share/keyrings has the same three).
     * A Debian-signed InRelease is not kept as a fixture: its signed text names Debian's hosts.
     */
    @Test
    void theShippedKeysAreDebiansTrixieKeys() {
        Map<String, String> keys = new TreeMap<>();
        for (PGPPublicKeyRing ring : ArchiveKeys.debian().collection()) {
            PGPPublicKey key = ring.getPublicKey();
            String userId = key.getUserIDs().next();
            keys.put(HexFormat.of().withUpperCase().formatHex(key.getFingerprint()), userId.substring(0, userId.indexOf(" <")));
        }
        assertEquals(Map.of(
                "04B54C3CDCA79751B16BC6B5225629DF75B188BD",
                "Debian Archive Automatic Signing Key (13/trixie)",
                "5E04A1E3223A19A20706E20F9904613D4CCE68C6",
                "Debian Security Archive Automatic Signing Key (13/trixie)",
                "41587F7DB8C774BCCF131416762F67A0B2C39DE4",
                "Debian Stable Release Key (13/trixie)"), keys);
    }

    @Test
    void aVerifiedBodyIsAReleaseWithItsCodenameAndFiles() throws Exception {
        TestSigner signer = new TestSigner(7);
        byte[] signed = signer.clearsign(RELEASE, "\n").getBytes(StandardCharsets.UTF_8);
        var verified = new InReleaseVerifier(signer.keys()).verify(signed, "fixture");
        Release release = Release.parse(verified.body(), "fixture").requireCodename("trixie", "fixture");
        var packages = release.file("main/binary-arm64/Packages.xz").orElseThrow();
        assertTrue(packages.size() > 1_000_000, "size " + packages.size());
        assertTrue(release.file("non-free-firmware/binary-arm64/Packages.xz").isPresent());
        var e = assertThrows(IllegalArgumentException.class, () -> release.requireCodename("bookworm", "fixture"));
        assertTrue(e.getMessage().contains("'trixie'"), e.getMessage());
    }

    @Test
    void oneChangedByteInTheBodyFails() throws Exception {
        TestSigner signer = new TestSigner(7);
        byte[] data = signer.clearsign(RELEASE, "\n").getBytes(StandardCharsets.UTF_8);
        String text = new String(data, StandardCharsets.UTF_8);
        int at = text.indexOf("Version: 13.") + "Version: 13.".length();
        data[at] = (byte) (data[at] == '9' ? '8' : data[at] + 1);
        var e = assertThrows(IOException.class, () -> new InReleaseVerifier(signer.keys()).verify(data, "tampered"));
        assertTrue(e.getMessage().contains("does not match the signed text"), e.getMessage());
    }

    @Test
    void generatedKeyRoundTripWithDashEscapesTrailingSpaceAndCrlf() throws Exception {
        TestSigner signer = new TestSigner(7);
        for (String eol : List.of("\n", "\r\n")) {
            byte[] signed = signer.clearsign(BODY, eol).getBytes(StandardCharsets.UTF_8);
            var verified = new InReleaseVerifier(signer.keys()).verify(signed, "generated");
            assertEquals(List.of("Test Archive Key 7 <archive@example.org>"),
                    verified.signers().stream().map(s -> s.substring(0, s.indexOf(" ["))).toList());
            assertEquals(String.join("\n", BODY).replace("spaces   \t", "spaces") + "\n", verified.body());
        }
    }

    @Test
    void signatureByAnUnknownKeyFails() throws Exception {
        byte[] signed = new TestSigner(7).clearsign(BODY, "\n").getBytes(StandardCharsets.UTF_8);
        var e = assertThrows(IOException.class, () -> new InReleaseVerifier(ArchiveKeys.debian()).verify(signed, "x"));
        assertTrue(e.getMessage().contains("no signature from a known Debian archive key"), e.getMessage());
        assertThrows(IOException.class, () -> new InReleaseVerifier(new TestSigner(8).keys()).verify(signed, "x"));
    }

    @Test
    void unsignedTextIsRefused() {
        var e = assertThrows(IOException.class, () -> new InReleaseVerifier(ArchiveKeys.debian())
                .verify("Codename: trixie\n".getBytes(StandardCharsets.UTF_8), "plain"));
        assertTrue(e.getMessage().contains("not a clearsigned file"), e.getMessage());
    }

    /**
     * GnuPG as an independent judge of the canonical text, signing as Debian's stable InRelease is signed:
     * by two keys at once, one RSA 4096 (the archive key's kind) and one Ed25519 (the stable release key's).
     */
    @Test
    void gnupgClearsignedTextWithTwoSignaturesVerifies(@TempDir Path home) throws Exception {
        HostTools.require("gpg");
        run(home, "--quick-gen-key", "Judge Archive <archive@example.org>", "rsa4096", "sign", "never");
        run(home, "--quick-gen-key", "Judge Release <release@example.org>", "ed25519", "sign", "never");
        Path body = home.resolve("Release");
        Files.writeString(body, String.join("\n", BODY) + "\n");
        run(home, "--clearsign", "--digest-algo", "SHA256", "-u", "archive@example.org", "-u", "release@example.org",
                "-o", home.resolve("InRelease").toString(), body.toString());
        run(home, "--export", "-o", home.resolve("key.gpg").toString());
        ArchiveKeys keys;
        try (InputStream in = Files.newInputStream(home.resolve("key.gpg"))) {
            keys = new ArchiveKeys(ArchiveKeys.read(in, "gpg export"));
        }
        var verified = new InReleaseVerifier(keys).verify(Files.readAllBytes(home.resolve("InRelease")), "gpg");
        assertEquals(List.of("Judge Archive <archive@example.org>", "Judge Release <release@example.org>"),
                verified.signers().stream().map(s -> s.substring(0, s.indexOf(" ["))).sorted().toList());
        assertTrue(verified.body().contains("-dash line that must be escaped\n"), verified.body());
    }

    private static void run(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("gpg", "--homedir", home.toString(), "--batch",
                "--pinentry-mode", "loopback", "--passphrase", ""));
        command.addAll(List.of(args));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "gpg timed out");
        assertEquals(0, p.exitValue(), "gpg " + String.join(" ", args) + ": " + output);
    }
}
