package org.lowernet.runtime.health;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.lowernet.runtime.Requires;

/**
 * A throw-away CA and a server certificate it signs, made by the host's {@code openssl} (EC P-256, valid
 * two days). The server certificate names its addresses as IP subject alternative names: Paho checks the
 * host name against them (HTTPS endpoint identification), and a CN alone no longer counts.
 */
record TestCertificates(Path caFile, Path certFile, Path keyFile) {

    static final Path OPENSSL = Path.of("/usr/bin/openssl");

    /** Writes ca.crt, server.crt and server.key under {@code folder} for the given IPv4 addresses. */
    static TestCertificates create(Path folder, List<String> ipAddresses) throws IOException, InterruptedException {
        require(OPENSSL);
        Files.createDirectories(folder);
        Path caKey = folder.resolve("ca.key");
        Path ca = folder.resolve("ca.crt");
        Path key = folder.resolve("server.key");
        Path request = folder.resolve("server.csr");
        Path cert = folder.resolve("server.crt");
        Path extensions = folder.resolve("server.ext");
        String names = ipAddresses.stream().map(ip -> "IP:" + ip).collect(Collectors.joining(","));
        Files.writeString(extensions, "subjectAltName=" + names + ",DNS:localhost\nextendedKeyUsage=serverAuth\n");
        openssl(folder, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", caKey.toString(), "-out", ca.toString(), "-days", "2", "-subj", "/CN=lowernet-test-ca",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        openssl(folder, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", request.toString(), "-subj", "/CN=localhost");
        openssl(folder, "x509", "-req", "-in", request.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", extensions.toString());
        return new TestCertificates(ca, cert, key);
    }

    /** A host tool of the broker fixtures; Debian's mosquitto package carries mosquitto and mosquitto_passwd. */
    static void require(Path tool) {
        Requires.executable(tool, "mosquitto openssl");
    }

    private static void openssl(Path folder, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
        command.addAll(List.of(args));
        // Output to a file, not a pipe, so that the wait below is the only wait and it is bounded.
        Path output = folder.resolve("openssl.out");
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("making test certificates: openssl timed out: " + command);
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            fail("making test certificates in " + folder + ": " + command + " exited " + process.exitValue()
                    + ":\n" + out);
        }
    }
}
