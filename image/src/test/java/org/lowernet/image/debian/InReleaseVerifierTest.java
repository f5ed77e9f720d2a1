package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InReleaseVerifierTest {

    /** A real trixie InRelease, fetched once from a Debian mirror (about 140 KB). */
    private static byte[] realInRelease() throws IOException {
        try (InputStream in = InReleaseVerifierTest.class.getResourceAsStream("trixie-InRelease")) {
            return in.readAllBytes();
        }
    }

    private static final List<String> BODY = List.of(
            "Origin: Test", "Codename: trixie", "SHA256:",
            " " + "ab".repeat(32) + " 1234 main/binary-arm64/Packages.xz",
            "-dash line that must be escaped", "trailing spaces   \t", "- already dashy", "From the start");

    @Test
    void realDebianInReleaseVerifiesWithTheShippedKeys() throws IOException {
        var verified = new InReleaseVerifier(ArchiveKeys.debian()).verify(realInRelease(), "fixture");
        assertTrue(verified.signers().stream()
                        .anyMatch(s -> s.contains("Debian Archive Automatic Signing Key (13/trixie)")),
                verified.signers().toString());
        assertTrue(verified.signers().stream().anyMatch(s -> s.contains("Debian Stable Release Key (13/trixie)")),
                verified.signers().toString());
        Release release = Release.parse(verified.body(), "fixture").requireCodename("trixie", "fixture");
        var packages = release.file("main/binary-arm64/Packages.xz").orElseThrow();
        assertTrue(packages.size() > 1_000_000, "size " + packages.size());
        assertTrue(release.file("non-free-firmware/binary-arm64/Packages.xz").isPresent());
        var e = assertThrows(IllegalArgumentException.class, () -> release.requireCodename("bookworm", "fixture"));
        assertTrue(e.getMessage().contains("'trixie'"), e.getMessage());
    }

    @Test
    void oneChangedByteInTheBodyFails() throws IOException {
        byte[] data = realInRelease();
        String text = new String(data, StandardCharsets.UTF_8);
        int at = text.indexOf("Version: 13.") + "Version: 13.".length();
        data[at] = (byte) (data[at] == '9' ? '8' : data[at] + 1);
        var e = assertThrows(IOException.class,
                () -> new InReleaseVerifier(ArchiveKeys.debian()).verify(data, "tampered"));
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

    /** GnuPG as an independent judge of the canonical text: it clearsigns, we verify. */
    @Test
    void gnupgClearsignedTextVerifies(@TempDir Path home) throws Exception {
        Assumptions.assumeTrue(gpgAvailable() || failInCi(), "gpg not installed; skipping the GnuPG judge");
        run(home, "--quick-gen-key", "Judge <judge@example.org>", "ed25519", "sign", "never");
        Path body = home.resolve("Release");
        Files.writeString(body, String.join("\n", BODY) + "\n");
        run(home, "--clearsign", "--digest-algo", "SHA256", "-o", home.resolve("InRelease").toString(),
                body.toString());
        run(home, "--export", "-o", home.resolve("key.gpg").toString());
        ArchiveKeys keys;
        try (InputStream in = Files.newInputStream(home.resolve("key.gpg"))) {
            keys = new ArchiveKeys(ArchiveKeys.read(in, "gpg export"));
        }
        var verified = new InReleaseVerifier(keys).verify(Files.readAllBytes(home.resolve("InRelease")), "gpg");
        assertTrue(verified.signers().getFirst().startsWith("Judge <judge@example.org>"),
                verified.signers().toString());
        assertTrue(verified.body().contains("-dash line that must be escaped\n"), verified.body());
    }

    private static boolean gpgAvailable() {
        try {
            return new ProcessBuilder("gpg", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static boolean failInCi() {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("gpg is required in CI for the GnuPG judge test");
        }
        return false;
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
