package org.lowernet.image.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.hash.Sha256;

class MavenJarsTest {

    @TempDir
    Path dir;

    private static void jar(Path file, String... entries) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.length; i += 2) {
                zip.putNextEntry(new ZipEntry(entries[i]));
                zip.write(entries[i + 1].getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void namesJarsByPomPropertiesOrByIdenticalBytesInTheLocalRepository() throws IOException {
        Path lib = dir.resolve("lib");
        Path repo = dir.resolve("repo");
        jar(lib.resolve("own.jar"), "META-INF/maven/org.example/own/pom.properties",
                "groupId=org.example\nartifactId=own\nversion=1.2.3\n");
        jar(lib.resolve("jna.jar"), "com/sun/jna/Native.class", "bytes");
        jar(repo.resolve("net/java/dev/jna/jna/5.0.0/jna-5.0.0.jar"), "com/sun/jna/Native.class", "other bytes");
        Files.createDirectories(repo.resolve("net/java/dev/jna/jna/5.19.1"));
        Files.copy(lib.resolve("jna.jar"), repo.resolve("net/java/dev/jna/jna/5.19.1/jna-5.19.1.jar"));

        List<MavenJars.Artifact> found = MavenJars.identifyAll(lib, repo);

        assertEquals(List.of("pkg:maven/net.java.dev.jna/jna@5.19.1", "pkg:maven/org.example/own@1.2.3"),
                found.stream().map(MavenJars.Artifact::purl).toList());
        assertEquals(Sha256.of(lib.resolve("jna.jar")), found.getFirst().sha256());
    }

    @Test
    void aJarThatCannotBeNamedIsAnError() throws IOException {
        Path lib = dir.resolve("lib");
        jar(lib.resolve("mystery.jar"), "a/B.class", "x");
        IOException e = assertThrows(IOException.class, () -> MavenJars.identifyAll(lib, dir.resolve("empty-repo")));
        assertTrue(e.getMessage().contains("mystery.jar") && e.getMessage().contains("./mvnw package"), e.getMessage());
    }
}
