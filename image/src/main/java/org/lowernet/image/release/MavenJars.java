package org.lowernet.image.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.lowernet.runtime.hash.Sha256;

/**
 * Names the Maven artifact behind each jar of the runtime distribution. A jar that Maven built carries
 * {@code META-INF/maven/<groupId>/<artifactId>/pom.properties}; many published jars (JNA, tinylog) do
 * not, and the distribution drops versions from file names, so such a jar is found in the local Maven
 * repository by its artifact id and identical bytes. A jar found neither way is an error: the SBOM must
 * not guess.
 */
public final class MavenJars {

    private static final String POM_PROPERTIES = "pom.properties";

    /** One jar, named by its coordinates. */
    public record Artifact(String groupId, String artifactId, String version, String sha256) {
        public String purl() {
            return "pkg:maven/" + groupId + "/" + artifactId + "@" + version;
        }
    }

    private MavenJars() {
    }

    /** Maven's default local repository, or {@code maven.repo.local} when set. */
    public static Path defaultRepository() {
        String local = System.getProperty("maven.repo.local");
        return local != null ? Path.of(local) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** Every {@code *.jar} directly in {@code lib}, sorted by file name. */
    public static List<Artifact> identifyAll(Path lib, Path repository) throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        List<Artifact> artifacts = new ArrayList<>();
        for (Path jar : jars) {
            artifacts.add(identify(jar, repository));
        }
        return artifacts;
    }

    static Artifact identify(Path jar, Path repository) throws IOException {
        String sha256 = Sha256.of(jar);
        List<Properties> poms = pomProperties(jar);
        if (poms.size() == 1) {
            Properties pom = poms.getFirst();
            return new Artifact(pom.getProperty("groupId"), pom.getProperty("artifactId"), pom.getProperty("version"),
                    sha256);
        }
        String artifactId = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        // <repository>/<group path>/<artifactId>/<version>/<artifactId>-<version>.jar
        if (Files.isDirectory(repository)) {
            try (Stream<Path> files = Files.walk(repository)) {
                for (Path candidate : files.filter(f -> matchesLayout(f, artifactId)).sorted().toList()) {
                    if (Files.size(candidate) == Files.size(jar) && Sha256.of(candidate).equals(sha256)) {
                        Path versionDir = candidate.getParent();
                        String group = repository.relativize(versionDir.getParent().getParent()).toString()
                                .replace(candidate.getFileSystem().getSeparator(), ".");
                        return new Artifact(group, artifactId, versionDir.getFileName().toString(), sha256);
                    }
                }
            }
        }
        throw new IOException("cannot tell which Maven artifact " + jar + " is: it has " + poms.size()
                + " pom.properties and no jar with the same bytes (sha256 " + sha256 + ") is in the local Maven"
                + " repository " + repository + "; build the runtime with ./mvnw package, which fills it,"
                + " or point -Dmaven.repo.local at the repository the runtime was built with");
    }

    private static boolean matchesLayout(Path file, String artifactId) {
        Path versionDir = file.getParent();
        if (versionDir == null || versionDir.getParent() == null) {
            return false;
        }
        String version = versionDir.getFileName().toString();
        return file.getFileName().toString().equals(artifactId + "-" + version + ".jar")
                && versionDir.getParent().getFileName().toString().equals(artifactId);
    }

    private static List<Properties> pomProperties(Path jar) throws IOException {
        List<Properties> found = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                String[] parts = entry.getName().split("/");
                if (parts.length == 5 && parts[0].equals("META-INF") && parts[1].equals("maven")
                        && parts[4].equals(POM_PROPERTIES)) {
                    Properties pom = new Properties();
                    try (InputStream in = zip.getInputStream(entry)) {
                        pom.load(in);
                    }
                    found.add(pom);
                }
            }
        }
        return found;
    }
}
