package org.lowernet.runtime.health;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The files one test broker runs from: {@code mosquitto.conf}, and as the options ask a password file
 * (made by {@code mosquitto_passwd -b}) and TLS certificates, all in the broker's work folder.
 */
record MosquittoConfig(Path file, Optional<TestCertificates> certificates) {

    static final Path MOSQUITTO_PASSWD = Path.of("/usr/bin/mosquitto_passwd");

    static MosquittoConfig write(Path work, Mosquitto.Options options, int port) throws IOException,
            InterruptedException {
        Optional<TestCertificates> certificates = Optional.empty();
        if (options.tls()) {
            List<String> addresses = options.address().equals("127.0.0.1")
                    ? List.of("127.0.0.1") : List.of(options.address(), "127.0.0.1");
            certificates = Optional.of(TestCertificates.create(work.resolve("tls"), addresses));
        }
        StringBuilder text = new StringBuilder("# Written by the test fixture org.lowernet.runtime.health.Mosquitto\n");
        text.append("listener ").append(port).append(' ').append(options.address()).append('\n');
        // Mosquitto 2.x: once a listener is configured, anonymous access must be allowed explicitly.
        text.append("allow_anonymous ").append(options.users().isEmpty()).append('\n');
        if (!options.users().isEmpty()) {
            text.append("password_file ").append(passwordFile(work, options.users())).append('\n');
        }
        text.append("persistence false\nlog_dest stderr\nlog_type all\nlog_timestamp true\n");
        // Started as root, mosquitto 2.0.11 drops to user "mosquitto" BEFORE reading certificates and the
        // password file, and cannot read them in a 0700 temp folder. Naming the current user keeps it.
        text.append("user ").append(System.getProperty("user.name")).append('\n');
        certificates.ifPresent(tls -> text.append("cafile ").append(tls.caFile()).append('\n')
                .append("certfile ").append(tls.certFile()).append('\n')
                .append("keyfile ").append(tls.keyFile()).append('\n'));
        Path file = work.resolve("mosquitto.conf");
        Files.writeString(file, text);
        return new MosquittoConfig(file, certificates);
    }

    private static Path passwordFile(Path work, Map<String, String> users) throws IOException, InterruptedException {
        TestCertificates.require(MOSQUITTO_PASSWD);
        Path file = work.resolve("passwords");
        Path output = work.resolve("mosquitto_passwd.out");
        Files.writeString(file, "");
        for (Map.Entry<String, String> user : new TreeMap<>(users).entrySet()) {
            String command = MOSQUITTO_PASSWD + " -b " + file + " " + user.getKey();
            Process process = new ProcessBuilder(MOSQUITTO_PASSWD.toString(), "-b", file.toString(),
                    user.getKey(), user.getValue()).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("writing the test broker's users: " + command + " timed out");
            }
            if (process.exitValue() != 0) {
                fail("writing the test broker's users: " + command + " exited " + process.exitValue() + ": "
                        + Files.readString(output));
            }
        }
        return file;
    }
}
