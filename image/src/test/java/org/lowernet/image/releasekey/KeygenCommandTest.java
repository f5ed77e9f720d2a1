package org.lowernet.image.releasekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.update.ReleasePrivateKey;
import org.lowernet.runtime.update.ReleasePublicKey;

class KeygenCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Path defaultFile, String... args) {
        return KeygenCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), defaultFile);
    }

    @Test
    void aNewKeyOnlyItsOwnerReadsAndItsPublicHalfBeside() throws Exception {
        Path file = dir.resolve("config/lowernet/release.key");
        assertEquals(ExitCode.OK, run(file, "--comment", "infoshop"), err.toString(StandardCharsets.UTF_8));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        ReleasePrivateKey key = ReleasePrivateKey.parseFile(Files.readString(file));
        String pub = Files.readString(dir.resolve("config/lowernet/release.key.pub"));
        assertEquals(key.publicKey(), ReleasePublicKey.parseFile(pub));
        assertTrue(pub.endsWith(" infoshop\n"), pub);
        String said = out.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains(key.publicKey().base64()) && said.contains("--release-key " + file), said);
        String secret = Files.readString(file).lines().filter(l -> !l.startsWith("#")).findFirst().orElseThrow()
                .split(" ")[1];
        assertTrue(!said.contains(secret) && !pub.contains(secret), "the private key is only in its file");
        try (var files = Files.list(file.getParent())) {
            assertEquals(2, files.count(), "no partial file left");
        }
    }

    @Test
    void anExistingKeyIsNeverReplaced() throws Exception {
        Path file = dir.resolve("release.key");
        Files.writeString(file, "the neighbourhood's key\n");
        assertEquals(ExitCode.FAILED, run(dir.resolve("unused"), "--out", file.toString()));
        assertEquals("the neighbourhood's key\n", Files.readString(file));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("keygen never replaces a release key"), err.toString());
        assertTrue(Files.notExists(dir.resolve("release.key.pub")));

        Path other = dir.resolve("other.key");
        Files.writeString(dir.resolve("other.key.pub"), "a public key someone kept\n");
        assertEquals(ExitCode.FAILED, run(dir.resolve("unused"), "--out", other.toString()));
        assertTrue(Files.notExists(other), "no private key without its public half's place");
    }

    @Test
    void aWrongCommandLineSaysSo() {
        assertEquals(ExitCode.USAGE, run(dir.resolve("k"), "--out"));
        assertEquals(ExitCode.USAGE, run(dir.resolve("k"), "--force"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown argument '--force'"), err.toString());
    }
}
