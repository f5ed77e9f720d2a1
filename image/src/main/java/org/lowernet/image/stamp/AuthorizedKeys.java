package org.lowernet.image.stamp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The SSH public keys given with {@code --ssh-key}, checked before they go onto a card as
 * {@code authorized_keys}. Each line is {@code TYPE BASE64 [comment]} as OpenSSH's {@code .pub} files and
 * {@code authorized_keys} hold them (sshd(8), "AUTHORIZED_KEYS FILE FORMAT"), without the options field;
 * the base64 blob must decode and start with its own type name (RFC 4253 section 6.6: a string, i.e. a
 * 4-byte big-endian length and the name). Blank lines and '#' comments are dropped; lines end in LF.
 * A private key is refused loudly: it must never sit on a card.
 */
final class AuthorizedKeys {

    /** Key types OpenSSH and dropbear accept for logins; ssh-dss is left out, both have dropped it. */
    static final Set<String> TYPES = Set.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com");
    /** Far above any real set of keys; a bigger file is not a public key file. */
    static final int MAX_BYTES = 64 * 1024;
    private static final int LENGTH_BYTES = 4;

    private AuthorizedKeys() {
    }

    /** The key lines of {@code file}, LF-terminated, as {@code authorized_keys} bytes. */
    static byte[] read(Path file) throws StampException, IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new StampException("--ssh-key " + file + " has " + Files.size(file) + " bytes, more than a public"
                    + " key file's " + MAX_BYTES + "; give the .pub file, e.g. ~/.ssh/id_ed25519.pub");
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!Arrays.equals(bytes, text.getBytes(StandardCharsets.UTF_8))) {
            throw new StampException("--ssh-key " + file + " is not UTF-8 text; is it a key file at all?"
                    + " Give the .pub file, e.g. ~/.ssh/id_ed25519.pub");
        }
        return parse(text, file.toString());
    }

    static byte[] parse(String text, String source) throws StampException {
        if (text.contains("PRIVATE KEY") || text.startsWith("PuTTY-User-Key-File")) {
            String pub = source.endsWith(".pub") ? "the matching .pub file" : source + ".pub";
            throw new StampException("--ssh-key " + source + " is a PRIVATE key; it must never be copied to a card."
                    + " Give the public key instead: " + pub);
        }
        if (text.startsWith("---- BEGIN SSH2 PUBLIC KEY ----")) {
            throw new StampException("--ssh-key " + source + " is an RFC 4716 (SSH2) public key; convert it to"
                    + " OpenSSH's one-line form with: ssh-keygen -i -f " + source);
        }
        List<String> keys = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String problem = problem(line);
            if (problem == null) {
                keys.add(line);
            } else {
                String shown = line.length() > 40 ? line.substring(0, 40) + "..." : line;
                problems.add("--ssh-key " + source + ":" + (i + 1) + ": expected an OpenSSH public key line"
                        + " 'ssh-ed25519 AAAA... comment', found '" + shown + "': " + problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new StampException(problems);
        }
        if (keys.isEmpty()) {
            throw new StampException("--ssh-key " + source + " holds no key; give a .pub file, e.g. ~/.ssh/id_ed25519.pub");
        }
        return (String.join("\n", keys) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** What is wrong with one key line, or null when it is a public key. */
    private static String problem(String line) {
        String[] fields = line.split("\\s+", 3);
        if (!TYPES.contains(fields[0])) {
            return "the key type " + fields[0] + " is not one of " + TYPES.stream().sorted().toList()
                    + " (authorized_keys options before the type are not supported here)";
        }
        if (fields.length < 2) {
            return "no base64 key after the type";
        }
        if (line.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7F)) {
            return "control characters";
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(fields[1]);
        } catch (IllegalArgumentException e) {
            return "the key is not valid base64 (" + e.getMessage() + ")";
        }
        byte[] type = fields[0].getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.wrap(blob);
        if (blob.length < LENGTH_BYTES + type.length || b.getInt() != type.length
                || !ByteBuffer.wrap(blob, LENGTH_BYTES, type.length).equals(ByteBuffer.wrap(type))) {
            return "the decoded key does not start with its type " + fields[0] + "; is the line cut or mixed up?";
        }
        return null;
    }
}
