package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ResolverTest {

    private static final String SCOPE = "trixie main/non-free-firmware";

    /** A Packages-file stanza with a filler hash and filename. */
    private static String stanza(String name, String version, String arch, String extra) {
        return "Package: " + name + "\nVersion: " + version + "\nArchitecture: " + arch + "\n" + extra
                + "Filename: pool/main/" + name + "_" + version.replace(':', '%') + "_" + arch + ".deb\n"
                + "Size: 100\nSHA256: " + "0".repeat(64) + "\n\n";
    }

    private static PackageIndex index(String... stanzas) throws IOException {
        PackageIndex index = new PackageIndex("arm64");
        index.addPackagesFile(bytes(stanzas), "test Packages", "trixie");
        return index;
    }

    private static ByteArrayInputStream bytes(String... stanzas) {
        return new ByteArrayInputStream(String.join("", stanzas).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> resolve(PackageIndex index, String... roots) {
        return resolveWithout(index, List.of(), roots);
    }

    @Test
    void closureFollowsDependsAndPreDependsButNotRecommends() throws IOException {
        PackageIndex index = index(
                stanza("app", "1", "arm64", "Pre-Depends: libc6 (>= 2.36)\nDepends: libfoo, data\nRecommends: big\n"),
                stanza("libc6", "2.41-12", "arm64", ""),
                stanza("libfoo", "1.0", "arm64", "Depends: libc6:any\n"),
                stanza("data", "3", "all", ""),
                stanza("big", "1", "arm64", ""),
                stanza("other-arch", "1", "amd64", ""));
        assertEquals(Map.of("app", "1", "libc6", "2.41-12", "libfoo", "1.0", "data", "3"), resolve(index, "app"));
        assertEquals(List.of(), index.versions("other-arch"));
    }

    @Test
    void versionConstraintsPickTheRightCandidateAndHighestWins() throws IOException {
        PackageIndex index = index(
                stanza("aa", "1", "arm64", "Depends: lib (<< 2.0)\n"),
                stanza("lib", "1.5", "arm64", ""),
                stanza("lib", "2.1", "arm64", ""),
                stanza("lib", "1.9~rc1", "arm64", ""),
                stanza("bb", "1", "arm64", "Depends: lib\n"));
        assertEquals("1.9~rc1", resolve(index, "aa").get("lib"));
        assertEquals("2.1", resolve(index, "bb").get("lib"));
        assertEquals("1.5", resolve(index, "lib (<< 1.9~rc1)").get("lib"));
    }

    @Test
    void alternativesPreferAnAlreadySelectedOneElseTheFirstSatisfiable() throws IOException {
        PackageIndex index = index(
                stanza("app", "1", "arm64", "Depends: first (>= 9) | second | third\n"),
                stanza("first", "1", "arm64", ""),
                stanza("second", "1", "arm64", ""),
                stanza("third", "1", "arm64", ""));
        assertEquals(List.of("app", "second"), List.copyOf(resolve(index, "app").keySet()));
        assertEquals(List.of("app", "third"), List.copyOf(resolve(index, "third", "app").keySet()));
    }

    @Test
    void virtualPackagesResolveThroughProvidesIncludingVersioned() throws IOException {
        PackageIndex index = index(
                stanza("app", "1", "arm64", "Depends: mta, awk (>= 1.2)\n"),
                stanza("zmail", "1", "arm64", "Provides: mta\n"),
                stanza("amail", "1", "arm64", "Provides: mta\n"),
                stanza("mawk", "1.3.4", "arm64", "Provides: awk\n"),
                stanza("gawk", "5.2", "arm64", "Provides: awk (= 1.5)\n"));
        // Several providers, none selected: the first by name; only the versioned Provides counts for (>= 1.2).
        assertEquals(Map.of("app", "1", "amail", "1", "gawk", "5.2"), resolve(index, "app"));
        assertEquals(Map.of("app", "1", "zmail", "1", "gawk", "5.2"), resolve(index, "zmail", "app"));
    }

    @Test
    void aRealPackageOfTheVirtualNameIsPreferred() throws IOException {
        PackageIndex index = index(
                stanza("app", "1", "arm64", "Depends: awk\n"),
                stanza("awk", "1", "arm64", ""),
                stanza("aawk", "1", "arm64", "Provides: awk\n"));
        assertEquals(Map.of("app", "1", "awk", "1"), resolve(index, "app"));
    }

    @Test
    void missingDependencyNamesTheChain() throws IOException {
        PackageIndex index = index(
                stanza("dnsmasq", "2.90-4", "all", "Depends: dnsmasq-base\n"),
                stanza("dnsmasq-base", "2.90-4", "arm64", "Depends: libfoo (>= 2)\n"),
                stanza("libfoo", "1.0", "arm64", ""));
        var e = assertThrows(IllegalArgumentException.class, () -> resolve(index, "dnsmasq"));
        assertEquals("cannot resolve 'libfoo (>= 2)' needed by dnsmasq -> dnsmasq-base: no candidate satisfies"
                + " libfoo (>= 2) in " + SCOPE + " (offered: libfoo 1.0)", e.getMessage());
        PackageIndex gone = index(stanza("dnsmasq", "2.90-4", "all", "Depends: libgone | libalso-gone\n"));
        e = assertThrows(IllegalArgumentException.class, () -> resolve(gone, "dnsmasq"));
        assertEquals("cannot resolve 'libgone | libalso-gone' needed by dnsmasq: no package or provider of libgone in "
                + SCOPE + "; no package or provider of libalso-gone in " + SCOPE, e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> resolve(gone, "nonesuch"));
        assertEquals("cannot resolve root package 'nonesuch': no package or provider of nonesuch in " + SCOPE,
                e.getMessage());
    }

    /** dnsmasq-base's shape in trixie: passwd only for a maintainer script, and PAM behind it. */
    private static PackageIndex dnsmasqAndPasswd() throws IOException {
        return index(
                stanza("dnsmasq-base", "2.91-1", "arm64", "Depends: passwd, libc6 (>= 2.38), libidn2-0\n"),
                stanza("passwd", "1:4.17.4-2", "arm64", "Depends: libpam-modules, libselinux1, libc6\n"),
                stanza("libpam-modules", "1.7.0-5", "arm64", "Pre-Depends: libpam0g, debconf (>= 0.5) | debconf-2.0\n"),
                stanza("libpam0g", "1.7.0-5", "arm64", "Depends: debconf (>= 0.5) | debconf-2.0\n"),
                stanza("debconf", "1.5.91", "all", "Provides: debconf-2.0\n"),
                stanza("cdebconf", "0.280", "arm64", "Provides: debconf-2.0\n"),
                stanza("libselinux1", "3.8.1-1", "arm64", "Depends: libc6\n"),
                stanza("libidn2-0", "2.3.8-2", "arm64", "Depends: libc6\n"),
                stanza("libc6", "2.41-12", "arm64", ""));
    }

    private static Map<String, String> resolveWithout(PackageIndex index, List<String> notFollowed, String... roots) {
        return Resolver.resolve(index, SCOPE, List.of(roots), notFollowed).stream()
                .collect(Collectors.toMap(PinnedPackage::name, PinnedPackage::version, (a, b) -> a, java.util.TreeMap::new));
    }

    @Test
    void aPackageNotFollowedIsNeitherPinnedNorAreItsDependencies() throws IOException {
        PackageIndex index = dnsmasqAndPasswd();
        assertEquals(List.of("debconf", "dnsmasq-base", "libc6", "libidn2-0", "libpam-modules", "libpam0g", "libselinux1",
                "passwd"), List.copyOf(resolve(index, "dnsmasq-base").keySet()));
        assertEquals(Map.of("dnsmasq-base", "2.91-1", "libc6", "2.41-12", "libidn2-0", "2.3.8-2"),
                resolveWithout(index, List.of("passwd"), "dnsmasq-base"));
    }

    @Test
    void aVirtualNameOneOfWhoseProvidersIsNotFollowedIsMetAndAnotherProviderIsNotPicked() throws IOException {
        PackageIndex index = dnsmasqAndPasswd();
        // debconf-2.0 is met by debconf, which the image never installs: cdebconf is not taken instead.
        assertEquals(List.of("dnsmasq-base", "libc6", "libidn2-0", "libpam-modules", "libpam0g", "libselinux1", "passwd"),
                List.copyOf(resolveWithout(index, List.of("debconf"), "dnsmasq-base").keySet()));
        // An alternative already selected meets the group first: then nothing needs debconf left out.
        var e = assertThrows(IllegalArgumentException.class,
                () -> resolveWithout(index, List.of("debconf"), "cdebconf", "dnsmasq-base"));
        assertTrue(e.getMessage().startsWith("nothing the declared packages depend on names debconf "), e.getMessage());
    }

    @Test
    void aPackageBothDeclaredAndNotFollowedOrNeededByNothingIsRefused() throws IOException {
        PackageIndex index = dnsmasqAndPasswd();
        var both = assertThrows(IllegalArgumentException.class,
                () -> resolveWithout(index, List.of("passwd"), "dnsmasq-base", "passwd (>= 1)"));
        assertEquals("passwd is declared both as a package to install and as one not followed; keep one of the two",
                both.getMessage());
        // libc6 is a real dependency, but passwd's subtree is never reached, so libselinux1 is needed by nothing.
        var stale = assertThrows(IllegalArgumentException.class,
                () -> resolveWithout(index, List.of("passwd", "libselinux1", "libgone"), "dnsmasq-base"));
        assertEquals("nothing the declared packages depend on names libgone, libselinux1 in " + SCOPE
                + ", yet it is declared not followed; remove it from the packages not followed", stale.getMessage());
    }

    @Test
    void acrossSuitesTheHighestVersionWinsAndRemembersItsSuite() throws IOException {
        PackageIndex index = new PackageIndex("arm64");
        add(index, "trixie", stanza("app", "1.0-1", "arm64", "Depends: libc6 (>= 2.41), zlib1g\n"),
                stanza("libc6", "2.41-12", "arm64", ""), stanza("zlib1g", "1:1.3-1", "arm64", ""));
        add(index, "trixie-updates", stanza("libc6", "2.41-12+deb13u1", "arm64", ""));
        add(index, "trixie-security", stanza("app", "1.0-1+deb13u1", "arm64", "Depends: libc6 (>= 2.41), zlib1g\n"),
                stanza("libc6", "2.41-12+deb13u0", "arm64", ""), stanza("zlib1g", "1:1.3-1", "arm64", ""));
        Map<String, String> picked = Resolver.resolve(index, SCOPE, List.of("app")).stream()
                .collect(Collectors.toMap(PinnedPackage::name, p -> p.version() + " " + p.suite()));
        // The same version in two suites is the release's: it comes first.
        assertEquals(Map.of("app", "1.0-1+deb13u1 trixie-security", "libc6", "2.41-12+deb13u1 trixie-updates",
                "zlib1g", "1:1.3-1 trixie"), picked);
        assertEquals("trixie-updates", Resolver.part(index, SCOPE, "libc6 (<< 2.42)").suite());
        assertEquals("trixie", Resolver.part(index, SCOPE, "libc6 (<< 2.41-12+deb13u0)").suite());
    }

    private static void add(PackageIndex index, String suite, String... stanzas) throws IOException {
        index.addPackagesFile(bytes(stanzas), suite + " Packages", suite);
    }

    @Test
    void cyclesTerminate() throws IOException {
        PackageIndex index = index(
                stanza("aa", "1", "arm64", "Depends: bb\n"),
                stanza("bb", "1", "arm64", "Depends: cc\n"),
                stanza("cc", "1", "arm64", "Depends: aa (>= 1)\n"));
        assertEquals(Map.of("aa", "1", "bb", "1", "cc", "1"), resolve(index, "aa"));
    }
}
