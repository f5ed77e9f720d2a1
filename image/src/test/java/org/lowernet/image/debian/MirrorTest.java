package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorTest {

    private static void write(Path root, String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void deb822SourcesSkipSecurityAndThirdPartyRepos(@TempDir Path root) throws IOException {
        write(root, "etc/apt/sources.list.d/a-nodesource.sources", """
                Types: deb
                URIs: https://deb.example.net/node_20.x
                Suites: nodistro
                Components: main
                Signed-By: /usr/share/keyrings/nodesource.gpg
                """);
        write(root, "etc/apt/sources.list.d/b-docker.sources", """
                Types: deb
                URIs: https://download.example.com/linux/debian
                Suites: trixie
                Components: stable
                """);
        write(root, "etc/apt/sources.list.d/c-vendor.sources", """
                Types: deb
                URIs: https://vendor.example.com/debian
                Suites: trixie
                Components: main
                Signed-By: /usr/share/keyrings/vendor-archive-keyring.gpg
                """);
        write(root, "etc/apt/sources.list.d/debian.sources", """
                Types: deb
                URIs: http://security.example.org/debian-security
                Suites: trixie-security
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb-src deb
                # a comment in the middle of a stanza
                URIs: http://mirror-one.example.org/debian/ http://mirror-two.example.org/debian
                Suites: trixie trixie-updates
                Components: main non-free-firmware
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
                """);
        write(root, "etc/apt/sources.list.d/ignored.list.disabled", "deb http://nope.example.org/debian trixie main\n");
        assertEquals("http://mirror-one.example.org/debian/", Mirror.choose(Optional.empty(), root).toString());
    }

    @Test
    void oneLineSourcesListComesFirst(@TempDir Path root) throws IOException {
        write(root, "etc/apt/sources.list", """
                # deb http://commented.example.org/debian bookworm main
                deb http://security.example.org/debian-security bookworm-security main
                deb-src http://src.example.org/debian bookworm main
                deb [arch=amd64 signed-by=/usr/share/keyrings/other.gpg] http://other.example.org/debian bookworm main
                deb [arch=amd64,arm64] http://one-line.example.org/debian bookworm main contrib # trailing comment
                """);
        write(root, "etc/apt/sources.list.d/debian.sources",
                "Types: deb\nURIs: http://later.example.org/debian\nSuites: trixie\nComponents: main\n");
        assertEquals("http://one-line.example.org/debian/", Mirror.choose(Optional.empty(), root).toString());
    }

    @Test
    void explicitSettingWinsAndNothingFoundSaysWhatToSet(@TempDir Path root) throws IOException {
        write(root, "etc/apt/sources.list", "deb http://one-line.example.org/debian bookworm main\n");
        assertEquals("http://explicit.example.org/debian/",
                Mirror.choose(Optional.of("http://explicit.example.org/debian"), root).toString());
        var e = assertThrows(IllegalArgumentException.class, () -> Mirror.choose(Optional.of("ftp://x/debian"), root));
        assertTrue(e.getMessage().contains("LOWERNET_DEBIAN_MIRROR"), e.getMessage());
        Path empty = root.resolve("empty");
        e = assertThrows(IllegalArgumentException.class, () -> Mirror.choose(Optional.empty(), empty));
        assertTrue(e.getMessage().contains("lowernet.debian.mirror")
                && e.getMessage().contains("LOWERNET_DEBIAN_MIRROR"),
                e.getMessage());
    }

    @Test
    void theSecurityArchiveIsAptsSecuritySourceInEitherFormat(@TempDir Path root) throws IOException {
        write(root, "etc/apt/sources.list.d/debian.sources", """
                Types: deb
                URIs: http://mirror-one.example.org/debian
                Suites: trixie trixie-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                types: deb
                uris: http://security.example.org/debian-security
                suites: trixie-security
                components: main non-free-firmware
                signed-by: /usr/share/keyrings/debian-archive-keyring.gpg
                """);
        assertEquals(Optional.of("http://security.example.org/debian-security/"),
                Mirror.chooseSecurity(Optional.empty(), root).map(Mirror::toString));
        assertEquals("http://mirror-one.example.org/debian/", Mirror.choose(Optional.empty(), root).toString());

        Path oneLine = root.resolve("one-line");
        write(oneLine, "etc/apt/sources.list", """
                deb http://deb.example.org/debian bookworm main
                deb [signed-by=/usr/share/keyrings/other.gpg] http://other.example.org/debian-security bookworm-security main
                deb-src http://security.example.org/debian-security bookworm-security main
                deb http://old.example.org/ buster/updates main contrib
                deb [ arch=amd64 ] http://security.example.org/debian-security bookworm-security main
                """);
        assertEquals(Optional.of("http://old.example.org/"),
                Mirror.chooseSecurity(Optional.empty(), oneLine).map(Mirror::toString));
        assertEquals(Optional.of("http://explicit.example.org/debian-security/"),
                Mirror.chooseSecurity(Optional.of("http://explicit.example.org/debian-security"), oneLine)
                        .map(Mirror::toString));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Mirror.chooseSecurity(Optional.of("file:/srv/debian-security"), oneLine));
        assertTrue(e.getMessage().startsWith("bad Debian security mirror (--security-mirror,"
                + " LOWERNET_DEBIAN_SECURITY_MIRROR) setting 'file:/srv/debian-security'"), e.getMessage());

        Path none = root.resolve("none");
        write(none, "etc/apt/sources.list", "deb http://deb.example.org/debian trixie main\n");
        assertEquals(Optional.empty(), Mirror.chooseSecurity(Optional.empty(), none));
        assertEquals("no Debian security mirror configured for trixie-security: give --security-mirror URL, or set"
                + " LOWERNET_DEBIAN_SECURITY_MIRROR or the property lowernet.debian.security-mirror to the security"
                + " archive's base URL (the one whose dists/trixie-security is signed by Debian, e.g. the URI of apt's"
                + " '-security' source on a Debian host); apt's sources under " + none.resolve("etc/apt")
                + " name none", Mirror.noSecurityMirror("trixie-security", none));
    }

    @Test
    void fallbackMirrorsAreASpaceSeparatedList() {
        String before = System.getProperty(Mirror.FALLBACK_PROPERTY);
        try {
            System.setProperty(Mirror.FALLBACK_PROPERTY, " http://a.example.org/debian  http://b.example.org/x ");
            assertEquals(List.of("http://a.example.org/debian", "http://b.example.org/x"),
                    Mirror.explicitFallbackSetting());
        } finally {
            if (before == null) {
                System.clearProperty(Mirror.FALLBACK_PROPERTY);
            } else {
                System.setProperty(Mirror.FALLBACK_PROPERTY, before);
            }
        }
    }

    @Test
    void systemPropertyIsReadByTheHelper() {
        String before = System.getProperty(Mirror.PROPERTY);
        try {
            System.setProperty(Mirror.PROPERTY, " http://prop.example.org/debian ");
            assertEquals(Optional.of("http://prop.example.org/debian"), Mirror.explicitSetting());
        } finally {
            if (before == null) {
                System.clearProperty(Mirror.PROPERTY);
            } else {
                System.setProperty(Mirror.PROPERTY, before);
            }
        }
    }
}
