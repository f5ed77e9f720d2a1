package org.lowernet.image.rootfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * A jar signed by the JDK's own jarsigner (a fresh RSA key from keytool) loses its signature and nothing else, and a
 * JVM running a class from it no longer loads the signature's verifier: the reason for removing it.
 */
class UnsignedJarsTest {

    private static final Path JDK_BIN = Path.of(System.getProperty("java.home"), "bin");

    @TempDir
    static Path dir;
    private static Path plain;
    private static Path signed;

    @BeforeAll
    static void signAJar() throws Exception {
        Path source = Files.writeString(dir.resolve("Hello.java"),
                "public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }");
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(),
                source.toString()), "javac");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
        plain = dir.resolve("plain.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(plain), manifest)) {
            jar.putNextEntry(new JarEntry("Hello.class"));
            jar.write(Files.readAllBytes(dir.resolve("Hello.class")));
            jar.putNextEntry(new JarEntry("notes/readme.txt"));
            jar.write("a resource beside the class\n".getBytes(StandardCharsets.UTF_8));
        }
        run(JDK_BIN.resolve("keytool").toString(), "-genkeypair", "-keystore", dir.resolve("keys.p12").toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-alias", "signer", "-keyalg", "RSA", "-keysize",
                "2048", "-dname", "CN=lowernet test", "-validity", "2");
        signed = dir.resolve("signed.jar");
        run(JDK_BIN.resolve("jarsigner").toString(), "-keystore", dir.resolve("keys.p12").toString(), "-storepass",
                "changeit", "-signedjar", signed.toString(), plain.toString(), "signer");
    }

    @Test
    void theSignatureGoesAndEveryOtherEntryKeepsItsBytes() throws Exception {
        assertTrue(UnsignedJars.signed(Content.of(signed)));
        assertFalse(UnsignedJars.signed(Content.of(plain)));
        Map<String, byte[]> before = entries(Content.of(signed));
        assertTrue(before.keySet().containsAll(List.of("META-INF/SIGNER.SF", "META-INF/SIGNER.RSA")), before.keySet()
                .toString());

        Content unsigned = UnsignedJars.unsigned(Content.of(signed));
        Map<String, byte[]> after = entries(unsigned);
        Map<String, byte[]> expected = new LinkedHashMap<>(before);
        expected.remove("META-INF/SIGNER.SF");
        expected.remove("META-INF/SIGNER.RSA");
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(after.keySet()), "the entries, in order");
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
        assertFalse(UnsignedJars.signed(unsigned));
        assertArrayEquals(unsigned.bytes(), UnsignedJars.unsigned(Content.of(signed)).bytes(), "equal input, equal bytes");

        Path written = Files.write(dir.resolve("unsigned.jar"), unsigned.bytes());
        assertTrue(run(JDK_BIN.resolve("jarsigner").toString(), "-verify", written.toString()).contains("unsigned"));
    }

    @Test
    void aJvmRunningTheUnsignedJarDoesNotVerifyIt() throws Exception {
        Path unsigned = Files.write(dir.resolve("run-unsigned.jar"), UnsignedJars.unsigned(Content.of(signed)).bytes());
        String fromSigned = run(JDK_BIN.resolve("java").toString(), "-Xlog:class+load", "-cp", signed.toString(),
                "Hello");
        String fromUnsigned = run(JDK_BIN.resolve("java").toString(), "-Xlog:class+load", "-cp", unsigned.toString(),
                "Hello");
        assertTrue(fromSigned.contains("hello") && fromUnsigned.contains("hello"), fromUnsigned);
        assertTrue(fromSigned.contains("sun.security.pkcs.PKCS7 "), "the signed jar is verified");
        assertFalse(fromUnsigned.contains("sun.security.pkcs.PKCS7 "), "the unsigned jar is not");
    }

    @Test
    void onlySignedJarsInATreeAreReplaced() throws Exception {
        Content plainJar = Content.of(plain);
        Content notAJar = Content.of(Files.readAllBytes(signed)); // signed, but not named *.jar
        FileTree tree = new FileTree().file("lib/a.jar", 0644, Content.of(signed)).file("lib/b.jar", 0644, plainJar)
                .file("lib/c.zip", 0644, notAJar);

        assertEquals(List.of("lib/a.jar"), UnsignedJars.unsignAll(tree));
        Node.RegularFile a = (Node.RegularFile) tree.get("lib/a.jar").orElseThrow();
        assertFalse(UnsignedJars.signed(a.content()));
        assertEquals(0644, a.mode());
        assertSame(plainJar, ((Node.RegularFile) tree.get("lib/b.jar").orElseThrow()).content());
        assertSame(notAJar, ((Node.RegularFile) tree.get("lib/c.zip").orElseThrow()).content());
    }

    private static Map<String, byte[]> entries(Content jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream stream = jar.open(); ZipInputStream in = new ZipInputStream(stream)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    /** Runs a JDK tool; its output, after checking it exited 0. */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close(); // nothing to answer: a tool that asks fails at once
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running: " + String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }
}
