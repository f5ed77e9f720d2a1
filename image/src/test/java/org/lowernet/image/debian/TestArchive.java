package org.lowernet.image.debian;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.lowernet.runtime.hash.Sha256;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Publishes a signed suite on a {@link LoopbackMirror} as Debian does: pool files, one
 * {@code Packages.xz} per component and a clearsigned {@code InRelease} listing their SHA-256.
 */
public final class TestArchive {

    /** A test .deb: its bytes are its name and version, so every version has its own hash. */
    public record Deb(String name, String version, String architecture, String depends, String component,
            String pool) {
        public Deb(String name, String version) {
            this(name, version, "arm64", "", "main", "pool/main");
        }

        public Deb depending(String relations) {
            return new Deb(name, version, architecture, relations, component, pool);
        }

        /** The same package from the security archive's pool ({@code pool/updates/main}, as Debian's). */
        public Deb inSecurityPool() {
            return new Deb(name, version, architecture, depends, component, "pool/updates/" + component);
        }

        public byte[] bytes() {
            return ("deb " + name + " " + version + "\n").repeat(50).getBytes(StandardCharsets.UTF_8);
        }

        public String filename() {
            // Debian leaves the epoch out of file names.
            return pool + "/" + name + "_" + version.substring(version.indexOf(':') + 1) + "_" + architecture + ".deb";
        }

        public PinnedPackage pin(String suite) {
            return new PinnedPackage(name, version, architecture, filename(), bytes().length, Sha256.hex(bytes()),
                    suite);
        }

        String stanza() {
            return "Package: " + name + "\nVersion: " + version + "\nArchitecture: " + architecture + "\n"
                    + (depends.isEmpty() ? "" : "Depends: " + depends + "\n")
                    + "Filename: " + filename() + "\nSize: " + bytes().length + "\nSHA256: " + Sha256.hex(bytes())
                    + "\nDescription: test\n\n";
        }
    }

    private TestArchive() {
    }

    /** Puts {@code debs} (and their pool files) into {@code suite} on {@code mirror}, signed by {@code signer}. */
    public static void publish(LoopbackMirror mirror, TestSigner signer, String suite, List<String> components,
            List<Deb> debs) throws Exception {
        List<String> release = new ArrayList<>(List.of("Origin: Debian", "Codename: " + suite, "SHA256:"));
        for (String component : components) {
            StringBuilder packages = new StringBuilder();
            for (Deb deb : debs) {
                if (deb.component().equals(component)) {
                    packages.append(deb.stanza());
                    mirror.put(deb.filename(), deb.bytes());
                }
            }
            byte[] xz = xz(packages.toString());
            String path = component + "/binary-arm64/Packages.xz";
            mirror.put("dists/" + suite + "/" + path, xz);
            release.add(" " + Sha256.hex(xz) + " " + xz.length + " " + path);
        }
        mirror.put("dists/" + suite + "/InRelease", signer.clearsign(release, "\n").getBytes(StandardCharsets.UTF_8));
    }

    static byte[] xz(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options())) {
            xz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
