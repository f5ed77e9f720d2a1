package org.lowernet.runtime.router;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lowernet.runtime.config.Ipv4;
import org.lowernet.runtime.lifecycle.Subsystem;
import org.tinylog.Logger;

/**
 * SSH for the people who run the router: dropbear, keys only ({@code -s}: no passwords), listening on the LAN
 * address only (never the WAN), and only when the authorized_keys file holds a key. The host key is made
 * once with dropbearkey and kept on the data partition, so clients see the same key after a reboot.
 */
public final class SshService implements Subsystem {

    private final Programs programs;
    private final Path authorizedKeys;
    private final Ipv4 lanAddress;
    private final Path hostKey;
    private Supervisor supervisor;

    private final Path keysFolder;

    public SshService(Programs programs, Path authorizedKeys, Ipv4 lanAddress, Path dataDirectory,
                      Path runDirectory) {
        this.programs = programs;
        this.keysFolder = runDirectory.resolve("ssh");
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

    @Override
    public String name() {
        return "ssh";
    }

    @Override
    public boolean essential() {
        return false;
    }

    @Override
    public void start() throws IOException, InterruptedException {
        if (!Files.exists(hostKey)) {
            Files.createDirectories(hostKey.getParent());
            Process keygen = new ProcessBuilder(programs.dropbearkey().toString(), "-t", "ed25519", "-f",
                    hostKey.toString()).redirectErrorStream(true).start();
            String out = new String(keygen.getInputStream().readAllBytes());
            if (!keygen.waitFor(60, TimeUnit.SECONDS) || keygen.exitValue() != 0) {
                throw new IOException("ssh: making the host key " + hostKey + " failed: " + out.strip());
            }
        }
        // -D names the folder dropbear reads "authorized_keys" from (2022.83+); the boot partition's FAT
        // has no owners or modes dropbear would accept, so a 0600 copy goes to the run folder.
        Files.createDirectories(keysFolder);
        Path copy = keysFolder.resolve("authorized_keys");
        Files.copy(authorizedKeys, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        supervisor = new Supervisor("dropbear", List.of(programs.dropbear().toString(), "-F", "-E", "-s", "-g",
                "-p", lanAddress + ":22", "-r", hostKey.toString(), "-D", keysFolder.toString()),
                line -> { }, Backoff.standard());
        supervisor.start();
        Logger.info("ssh: keys from {}, listening on {}:22 (LAN only, no passwords)", authorizedKeys, lanAddress);
    }

    @Override
    public void stop() throws InterruptedException {
        if (supervisor != null) {
            supervisor.close();
        }
    }
}
