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
import java.util.Optional;
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
 * A jar signed by the JDK's own jarsigner (a fresh RSA key from keytool), with native libraries for three machines,
 * loses its signature and the two foreign libraries and nothing else, and a JVM running a class from it no longer
 * loads the signature's verifier: the reason for removing it.
 */
class DeviceJarsTest {

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
            jar.putNextEntry(new JarEntry("natives/linux-aarch64/libthing.so"));
            jar.write(elfHeader(2, 183));
            jar.putNextEntry(new JarEntry("natives/linux-x86-64/libthing.so"));
            jar.write(elfHeader(2, 62));
            jar.putNextEntry(new JarEntry("natives/linux-arm/libthing.so"));
            jar.write(elfHeader(1, 40));
            jar.putNextEntry(new JarEntry("natives/win32-aarch64/thing.dll"));
            jar.write("MZ, a Windows library".getBytes(StandardCharsets.US_ASCII));
        }
        run(JDK_BIN.resolve("keytool").toString(), "-genkeypair", "-keystore", dir.resolve("keys.p12").toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-alias", "signer", "-keyalg", "RSA", "-keysize",
                "2048", "-dname", "CN=lowernet test", "-validity", "2");
        signed = dir.resolve("signed.jar");
        run(JDK_BIN.resolve("jarsigner").toString(), "-keystore", dir.resolve("keys.p12").toString(), "-storepass",
                "changeit", "-signedjar", signed.toString(), plain.toString(), "signer");
    }

    @Test
    void theSignatureAndForeignLibrariesGoAndEveryOtherEntryKeepsItsBytes() throws Exception {
        assertEquals(new DeviceJars.Dropped(true, 3, 64 + 52 + 21), DeviceJars.dropped(Content.of(signed)));
        assertEquals("its signature and 3 native libraries for other machines (0.0 MiB)",
                DeviceJars.dropped(Content.of(signed)).describe());
        assertEquals(new DeviceJars.Dropped(false, 3, 64 + 52 + 21), DeviceJars.dropped(Content.of(plain)));
        Map<String, byte[]> before = entries(Content.of(signed));
        assertTrue(before.keySet().containsAll(List.of("META-INF/SIGNER.SF", "META-INF/SIGNER.RSA")), before.keySet()
                .toString());

        Content forDevice = DeviceJars.forDevice(Content.of(signed)).orElseThrow();
        Map<String, byte[]> after = entries(forDevice);
        Map<String, byte[]> expected = new LinkedHashMap<>(before);
        for (String gone : List.of("META-INF/SIGNER.SF", "META-INF/SIGNER.RSA", "natives/linux-x86-64/libthing.so",
                "natives/linux-arm/libthing.so", "natives/win32-aarch64/thing.dll")) {
            assertTrue(expected.remove(gone) != null, gone);
        }
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(after.keySet()), "the entries, in order");
        expected.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
        assertEquals(new DeviceJars.Dropped(false, 0, 0), DeviceJars.dropped(forDevice));
        assertEquals(Optional.empty(), DeviceJars.forDevice(forDevice), "nothing left to drop");
        assertArrayEquals(forDevice.bytes(), DeviceJars.forDevice(Content.of(signed)).orElseThrow().bytes(),
                "equal input, equal bytes");

        Path written = Files.write(dir.resolve("unsigned.jar"), forDevice.bytes());
        assertTrue(run(JDK_BIN.resolve("jarsigner").toString(), "-verify", written.toString()).contains("unsigned"));
    }

    @Test
    void aJvmRunningTheUnsignedJarDoesNotVerifyIt() throws Exception {
        Path unsigned = Files.write(dir.resolve("run-unsigned.jar"),
                DeviceJars.forDevice(Content.of(signed)).orElseThrow().bytes());
        String fromSigned = run(JDK_BIN.resolve("java").toString(), "-Xlog:class+load", "-cp", signed.toString(),
                "Hello");
        String fromUnsigned = run(JDK_BIN.resolve("java").toString(), "-Xlog:class+load", "-cp", unsigned.toString(),
                "Hello");
        assertTrue(fromSigned.contains("hello") && fromUnsigned.contains("hello"), fromUnsigned);
        assertTrue(fromSigned.contains("sun.security.pkcs.PKCS7 "), "the signed jar is verified");
        assertFalse(fromUnsigned.contains("sun.security.pkcs.PKCS7 "), "the unsigned jar is not");
    }

    @Test
    void onlyJarsWithSomethingToDropAreReplaced() throws Exception {
        Content trimmed = DeviceJars.forDevice(Content.of(plain)).orElseThrow();
        Content notAJar = Content.of(Files.readAllBytes(signed)); // signed, but not named *.jar
        FileTree tree = new FileTree().file("lib/a.jar", 0644, Content.of(signed)).file("lib/b.jar", 0644, trimmed)
                .file("lib/c.zip", 0644, notAJar);

        assertEquals(List.of("lib/a.jar without its signature and 3 native libraries for other machines (0.0 MiB)"),
                DeviceJars.trimAll(tree));
        Node.RegularFile a = (Node.RegularFile) tree.get("lib/a.jar").orElseThrow();
        assertFalse(DeviceJars.dropped(a.content()).any());
        assertEquals(0644, a.mode());
        assertSame(trimmed, ((Node.RegularFile) tree.get("lib/b.jar").orElseThrow()).content());
        assertSame(notAJar, ((Node.RegularFile) tree.get("lib/c.zip").orElseThrow()).content());
    }

    /** The first 64 bytes of a little-endian ELF file of {@code elfClass} (1: 32-bit, 2: 64-bit) for {@code machine}. */
    private static byte[] elfHeader(int elfClass, int machine) {
        byte[] header = new byte[elfClass == 2 ? 64 : 52];
        header[0] = 0x7f;
        header[1] = 'E';
        header[2] = 'L';
        header[3] = 'F';
        header[4] = (byte) elfClass;
        header[5] = 1;
        header[6] = 1;
        header[16] = 3; // ET_DYN
        header[18] = (byte) machine;
        header[19] = (byte) (machine >> 8);
        return header;
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
