package org.lowernet.runtime.router;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.lowernet.runtime.data.AtomicFile;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.hash.Sha256;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.retry.Backoff;
import org.tinylog.Logger;

/**
 * SSH for the people who run the router: dropbear, keys only ({@code -s}: no passwords), listening on the LAN
 * address only (never the WAN), and only when the authorized_keys file holds a key. The keys are copied to
 * root's {@code ~/.ssh/authorized_keys}, where every dropbear version looks (the root filesystem is in RAM,
 * so the boot partition's file is the one source). The host key is made with dropbearkey when the data
 * folder has none: that folder is on the data partition (/data), so the key is made once and admins can pin
 * it. Only a node running without its data partition (it says so at boot) keeps the key in RAM and makes a new
 * one at every boot.
 */
public final class SshService implements SupervisedDaemon {

    private final Programs programs;
    private final Path authorizedKeys;
    private InetAddress lanAddress;
    private final Path hostKey;
    private Supervisor supervisor;
    private volatile Optional<String> fingerprint = Optional.empty();

    private final Path keysFolder;
    private final EventSink events;

    /** @param home root's home directory, as /etc/passwd names it for dropbear */
    public SshService(Programs programs, Path authorizedKeys, InetAddress lanAddress, Path dataDirectory, Path home,
                      EventSink events) {
        this.events = events;
        this.programs = programs;
        this.keysFolder = home.resolve(".ssh");
        this.authorizedKeys = authorizedKeys;
        this.lanAddress = lanAddress;
        this.hostKey = dataDirectory.resolve("dropbear_ed25519_host_key");
    }

    /** Whether {@code file} holds at least one key line (not blank, not a comment). */
    public static boolean hasKeys(Path file) {
        try {
            return Files.isRegularFile(file) && Files.readAllLines(file).stream().map(String::strip)
                    .anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
        } catch (IOException e) {
            Logger.warn("ssh: cannot read {}: {}", file, e.getMessage());
            return false;
        }
    }

    /** The host key's OpenSSH fingerprint ({@code ssh-ed25519 SHA256:...}), once started; for nodeinfo. */
    public Optional<String> hostKeyFingerprint() {
        return fingerprint;
    }

    @Override
    public String name() {
        return "ssh";
    }

    @Override
    public boolean essential() {
        return false;
    }

    @Override
    public synchronized void start() throws IOException, InterruptedException {
        if (!Files.exists(hostKey)) {
            // Made beside its place and renamed: a power cut leaves no key or the whole key, never half of one.
            Path made = AtomicFile.temporary(hostKey);
            Files.createDirectories(hostKey.getParent());
            Files.deleteIfExists(made); // dropbearkey refuses to overwrite
            Process keygen = new ProcessBuilder(programs.dropbearkey().toString(), "-t", "ed25519", "-f",
                    made.toString()).redirectErrorStream(true).start();
            String out = new String(keygen.getInputStream().readAllBytes());
            if (!keygen.waitFor(60, TimeUnit.SECONDS) || keygen.exitValue() != 0) {
                throw new IOException("ssh: making the host key " + hostKey + " failed: " + out.strip());
            }
            AtomicFile.commit(made, hostKey);
        }
        logFingerprint();
        // The boot partition's FAT has no owners or modes dropbear would accept: a 0600 copy in a 0700 folder.
        Files.createDirectories(keysFolder);
        Files.setPosixFilePermissions(keysFolder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path copy = keysFolder.resolve("authorized_keys");
        Files.copy(authorizedKeys, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        listen();
    }

    /**
     * The LAN moved (the node's mesh prefix): dropbear is restarted on the new address (until the reconciler has
     * put it on the interface, the supervisor's restarts retry the bind). Before start, only the address changes.
     */
    public synchronized void listenOn(InetAddress address) throws IOException, InterruptedException {
        lanAddress = address;
        if (supervisor != null) {
            supervisor.close();
            listen();
        }
    }

    private void listen() throws IOException {
        supervisor = new Supervisor("dropbear", List.of(programs.dropbear().toString(), "-F", "-E", "-s", "-g",
                "-p", Cidr.text(lanAddress) + ":22", "-r", hostKey.toString()),
                line -> { }, Backoff.daemonRestart(), events);
        supervisor.start();
        Logger.info("ssh: keys from {}, listening on {}:22 (LAN only, no passwords)", authorizedKeys, Cidr.text(lanAddress));
    }

    /**
     * Logs the host key's fingerprint as OpenSSH shows it ({@code ssh-keygen -l}, {@code ssh-keyscan}), so an
     * admin (and a test) can compare it with what a client sees. A failure to read it is only a warning.
     */
    private void logFingerprint() throws InterruptedException {
        try {
            Process show = new ProcessBuilder(programs.dropbearkey().toString(), "-y", "-f", hostKey.toString())
                    .redirectErrorStream(true).start();
            String out = new String(show.getInputStream().readAllBytes());
            if (!show.waitFor(60, TimeUnit.SECONDS) || show.exitValue() != 0) {
                Logger.warn("ssh: reading the host key {} failed: {}", hostKey, out.strip());
                return;
            }
            fingerprint = out.lines().filter(l -> l.startsWith("ssh-")).findFirst().map(SshService::fingerprint);
            fingerprint.ifPresentOrElse(
                    f -> Logger.info("ssh: host key {}", f),
                    () -> Logger.warn("ssh: no public key in dropbearkey's output: {}", out.strip()));
        } catch (IOException e) {
            Logger.warn("ssh: reading the host key {} failed: {}", hostKey, e.getMessage());
        }
    }

    /**
     * The OpenSSH fingerprint of a public key line ({@code ssh-ed25519 AAAA... comment}): the key type and
     * {@code SHA256:} followed by the unpadded base64 of the SHA-256 of the key blob.
     */
    static String fingerprint(String publicKeyLine) {
        String[] fields = publicKeyLine.strip().split("\\s+");
        if (fields.length < 2) {
            throw new IllegalArgumentException("not a public key line: " + publicKeyLine);
        }
        byte[] blob = java.util.Base64.getDecoder().decode(fields[1]);
        return fields[0] + " SHA256:" + java.util.Base64.getEncoder().withoutPadding().encodeToString(Sha256.bytes(blob));
    }

    @Override
    public synchronized Supervisor supervisor() {
        return supervisor;
    }
}
