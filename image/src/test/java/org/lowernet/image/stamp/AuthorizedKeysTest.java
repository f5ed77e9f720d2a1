package org.lowernet.image.stamp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;

class AuthorizedKeysTest {

    @TempDir
    Path dir;

    /** An ed25519 public key line: the blob is string "ssh-ed25519", string of 32 key bytes (RFC 8709). */
    static String ed25519Line(String comment) {
        try {
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(blob);
            out.writeInt(11);
            out.write("ssh-ed25519".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(32);
            out.write(TestImages.random(32, 9));
            return "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " " + comment;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void keyLinesAreKeptCommentsAndBlankLinesDroppedCrlfMadeLf() throws Exception {
        String key = ed25519Line("José's laptop");
        byte[] out = AuthorizedKeys.parse("# my keys\r\n\r\n" + key + "\r\n", "keys.pub");
        assertEquals(key + "\n", new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void keysSshKeygenMadeAreAcceptedAndItsPrivateKeyIsRefused() throws Exception {
        for (String type : List.of("ed25519", "rsa", "ecdsa")) {
            Path key = dir.resolve("id_" + type);
            HostTools.Result made = HostTools.run(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "test@host",
                    "-f", key.toString()));
            assertEquals(0, made.exitCode(), made.toString());
            assertEquals(Files.readString(dir.resolve("id_" + type + ".pub")),
                    new String(AuthorizedKeys.read(dir.resolve("id_" + type + ".pub")), StandardCharsets.UTF_8));
            StampException refused = assertThrows(StampException.class, () -> AuthorizedKeys.read(key));
            assertTrue(refused.getMessage().contains("is a PRIVATE key"), refused.getMessage());
        }
    }

    @Test
    void wrongLinesAreEachReportedWithTheirLineNumber() {
        String good = ed25519Line("a");
        String wrongType = good.replaceFirst("^ssh-ed25519", "ssh-rsa");
        StampException e = assertThrows(StampException.class, () -> AuthorizedKeys.parse(
                good + "\nssh-dss AAAA x\n" + wrongType + "\nssh-ed25519 not*base64\nssh-ed25519\n", "k.pub"));
        List<String> problems = e.problems();
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("--ssh-key k.pub:2: expected an OpenSSH public key line"), problems.get(0));
        assertTrue(problems.get(0).endsWith("the key type ssh-dss is not one of [ecdsa-sha2-nistp256, ecdsa-sha2-nistp384,"
                + " ecdsa-sha2-nistp521, sk-ecdsa-sha2-nistp256@openssh.com, sk-ssh-ed25519@openssh.com, ssh-ed25519,"
                + " ssh-rsa] (authorized_keys options before the type are not supported here)"), problems.get(0));
        assertTrue(problems.get(1).startsWith("--ssh-key k.pub:3:") && problems.get(1).endsWith(
                "the decoded key does not start with its type ssh-rsa; is the line cut or mixed up?"), problems.get(1));
        assertTrue(problems.get(2).contains("k.pub:4:") && problems.get(2).contains("not valid base64"), problems.get(2));
        assertTrue(problems.get(3).contains("k.pub:5:") && problems.get(3).endsWith("no base64 key after the type"),
                problems.get(3));
    }

    @Test
    void emptyFilesAndSsh2KeysAreRefusedWithWhatToDo() {
        assertEquals("--ssh-key k.pub holds no key; give a .pub file, e.g. ~/.ssh/id_ed25519.pub",
                assertThrows(StampException.class, () -> AuthorizedKeys.parse("# nothing\n", "k.pub")).getMessage());
        assertEquals("--ssh-key k.pub is an RFC 4716 (SSH2) public key; convert it to OpenSSH's one-line form with:"
                + " ssh-keygen -i -f k.pub", assertThrows(StampException.class, () -> AuthorizedKeys.parse(
                "---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----\n", "k.pub")).getMessage());
    }
}
