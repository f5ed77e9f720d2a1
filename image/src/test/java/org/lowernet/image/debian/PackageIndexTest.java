package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackageIndexTest {

    private static final String FILE_FIELDS = "Filename: pool/x.deb\nSize: 100\nSHA256: " + "0".repeat(64) + "\n";

    private static PackageIndex index(String text) throws IOException {
        PackageIndex index = new PackageIndex("arm64");
        add(index, "trixie", text);
        return index;
    }

    private static void add(PackageIndex index, String suite, String text) throws IOException {
        index.addPackagesFile(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), suite + " Packages",
                suite);
    }

    @Test
    void aStanzaIsParsedWholeOnlyWhenItsPackageIsLookedUp() throws IOException {
        PackageIndex index = index("Package: app\nVersion: 1\nArchitecture: arm64\nDepends: lib (>= 2)\n" + FILE_FIELDS
                + "\n"
                + "Package: unused\nVersion: 1\nArchitecture: arm64\nDepends: lib (>= \n" + FILE_FIELDS);

        BinaryPackage app = index.versions("app").getFirst();
        assertEquals(List.of(List.of(Relation.parse("lib (>= 2)"))), app.depends());
        assertEquals("trixie", app.suite());
        var broken = assertThrows(IllegalArgumentException.class, () -> index.versions("unused"));
        assertEquals("trixie Packages (package at line 9), package unused: not a package relation: 'lib (>='",
                broken.getMessage());
    }

    @Test
    void fieldNamesInAnyCaseCrlfCommentsAndAFoldedProvides() throws IOException {
        PackageIndex index = index("# a comment before\r\npackage: mta\r\nVERSION: 2.0\r\narchitecture: all\r\n"
                + "Provides: mail-transport-agent,\r\n  default-mta (= 2.0)\r\n"
                + FILE_FIELDS.replace("\n", "\r\n") + "\r\n\r\n");

        assertEquals(List.of("mta"), index.providersOf("mail-transport-agent"));
        assertEquals(List.of("mta"), index.providersOf("default-mta"));
        assertEquals(List.of(Relation.parse("mail-transport-agent"), Relation.parse("default-mta (= 2.0)")),
                index.versions("mta").getFirst().provides());
        assertEquals("pool/x.deb", index.versions("mta").getFirst().filename());
    }

    @Test
    void otherArchitecturesAreSkippedAndTheFirstListingOfAVersionWins() throws IOException {
        PackageIndex index = new PackageIndex("arm64");
        add(index, "trixie", "Package: lib\nVersion: 1.0\nArchitecture: arm64\n" + FILE_FIELDS + "\n"
                + "Package: lib\nVersion: 1.0\nArchitecture: amd64\n" + FILE_FIELDS + "\n"
                + "Package: x86-only\nVersion: 1\nArchitecture: amd64\nProvides: lib\n" + FILE_FIELDS);
        add(index, "trixie-security", "Package: lib\nVersion: 1.0-0\nArchitecture: arm64\n" + FILE_FIELDS + "\n"
                + "Package: lib\nVersion: 1.1\nArchitecture: arm64\n" + FILE_FIELDS);

        assertEquals(List.of("1.1 trixie-security", "1.0 trixie"), index.versions("lib").stream()
                .map(p -> p.version() + " " + p.suite()).toList());
        assertEquals(List.of(), index.versions("x86-only"));
        assertEquals(List.of(), index.providersOf("lib"));
        assertEquals(1, index.size());
    }

    @Test
    void whatEveryStanzaMustShowIsCheckedOnReadingWithItsLine() {
        var noVersion = assertThrows(IllegalArgumentException.class,
                () -> index("Package: a\nVersion: 1\nArchitecture: arm64\n\nPackage: b\nArchitecture: arm64\n"));
        assertEquals("trixie Packages (package at line 5): paragraph at line 5 has no Version field",
                noVersion.getMessage());
        var twice = assertThrows(IllegalArgumentException.class,
                () -> index("Package: a\nVersion: 1\npackage: b\n"));
        assertEquals("trixie Packages line 3: field Package appears twice in the paragraph that starts at line 1",
                twice.getMessage());
        var noColon = assertThrows(IllegalArgumentException.class, () -> index("Package: a\njunk\n"));
        assertEquals("trixie Packages line 2: expected 'Field: value', got 'junk'", noColon.getMessage());
        var orphan = assertThrows(IllegalArgumentException.class, () -> index("\n continued\n"));
        assertEquals("trixie Packages line 2: continuation line without a field: 'continued'", orphan.getMessage());
        var badProvides = assertThrows(IllegalArgumentException.class,
                () -> index("Package: a\nVersion: 1\nArchitecture: arm64\nProvides: x | y\n"));
        assertEquals("trixie Packages (package at line 1), package a: alternatives are not allowed in Provides:"
                + " 'x | y'", badProvides.getMessage());
    }
}
