package org.lowernet.image.debian;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The base URL of a Debian archive to fetch from, e.g. the one apt uses: {@code <base>/dists/...}
 * and {@code <base>/pool/...} lie below it. It is always configuration, never built in: an explicit
 * setting (system property {@value #PROPERTY} or environment variable {@value #ENVIRONMENT}), else the
 * first Debian archive entry in apt's sources on a Debian-family host. The security archive is chosen
 * the same way ({@value #SECURITY_PROPERTY}, {@value #SECURITY_ENVIRONMENT}, else apt's security source).
 */
public record Mirror(URI base) {

    public static final String PROPERTY = "lowernet.debian.mirror";
    public static final String ENVIRONMENT = "LOWERNET_DEBIAN_MIRROR";
    public static final String SECURITY_PROPERTY = "lowernet.debian.security-mirror";
    public static final String SECURITY_ENVIRONMENT = "LOWERNET_DEBIAN_SECURITY_MIRROR";
    /** Archives tried for a locked file the primary no longer has: space-separated URLs, in order. */
    public static final String FALLBACK_PROPERTY = "lowernet.debian.fallback-mirror";
    public static final String FALLBACK_ENVIRONMENT = "LOWERNET_DEBIAN_FALLBACK_MIRROR";

    /** Suite names of the Debian archive itself; "-updates"/"-backports" suffixes allowed, "-security" not. */
    private static final Set<String> DEBIAN_SUITES = Set.of("buster", "bullseye", "bookworm", "trixie", "forky",
            "duke", "sid", "oldoldstable", "oldstable", "stable", "testing", "unstable", "experimental");
    private static final Set<String> DEBIAN_COMPONENTS = Set.of("main", "contrib", "non-free", "non-free-firmware");

    public Mirror {
        String scheme = base.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("Debian mirror '" + base + "' is not an http or https URL");
        }
        if (!base.getPath().endsWith("/")) {
            base = URI.create(base + "/");
        }
    }

    /** A file below the mirror base, e.g. "dists/trixie/InRelease". */
    public URI resolve(String path) {
        return base.resolve(path);
    }

    /** The explicit setting, if any: the system property wins over the environment variable. */
    public static Optional<String> explicitSetting() {
        return setting(PROPERTY, ENVIRONMENT);
    }

    /** The explicit security mirror setting, if any, as {@link #explicitSetting()}. */
    public static Optional<String> explicitSecuritySetting() {
        return setting(SECURITY_PROPERTY, SECURITY_ENVIRONMENT);
    }

    /** The fallback mirrors from the property or the environment variable (space-separated), in order. */
    public static List<String> explicitFallbackSetting() {
        return setting(FALLBACK_PROPERTY, FALLBACK_ENVIRONMENT).map(s -> List.of(s.split("\\s+"))).orElse(List.of());
    }

    private static Optional<String> setting(String property, String environment) {
        String value = System.getProperty(property);
        if (value != null && !value.isBlank()) {
            return Optional.of(value.strip());
        }
        return Optional.ofNullable(System.getenv(environment)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** A URL the user gave for {@code what} ("--fallback-mirror"), with what to set instead in the message. */
    public static Mirror of(String url, String what) {
        try {
            return new Mirror(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad " + what + " setting '" + url + "': " + e.getMessage(), e);
        }
    }

    /** The explicit value if given, else the Debian archive from apt's sources under {@code aptRoot} ("/"). */
    public static Mirror choose(Optional<String> explicit, Path aptRoot) throws IOException {
        if (explicit.isPresent()) {
            try {
                return new Mirror(URI.create(explicit.get()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad Debian mirror setting '" + explicit.get() + "': "
                        + e.getMessage() + "; set " + PROPERTY + " or " + ENVIRONMENT
                        + " to a URL such as http://<your mirror>/debian", e);
            }
        }
        List<AptSources.Entry> entries = AptSources.read(aptRoot);
        return entries.stream()
                .filter(Mirror::isDebianArchive)
                .findFirst()
                .map(e -> new Mirror(URI.create(e.uri())))
                .orElseThrow(() -> new IllegalArgumentException("no Debian mirror configured: set the system property "
                        + PROPERTY + " or the environment variable " + ENVIRONMENT
                        + " to the archive's base URL (the one whose dists/ and pool/ hold Debian), e.g. the"
                        + " URI of a 'deb' line in a Debian host's /etc/apt/sources.list; none of the "
                        + entries.size() + " apt source entries under " + aptRoot.resolve("etc/apt")
                        + " is a Debian archive"));
    }

    /**
     * The security archive: the explicit value if given, else the first Debian security entry in apt's
     * sources under {@code aptRoot}; empty (with {@link #noSecurityMirror} to say why) when there is none.
     */
    public static Optional<Mirror> chooseSecurity(Optional<String> explicit, Path aptRoot) throws IOException {
        if (explicit.isPresent()) {
            return Optional.of(of(explicit.get(), "Debian security mirror (--security-mirror, " + SECURITY_ENVIRONMENT
                    + ")"));
        }
        return AptSources.read(aptRoot).stream()
                .filter(Mirror::isDebianSecurity)
                .findFirst()
                .map(e -> new Mirror(URI.create(e.uri())));
    }

    /** What to say when a -security suite is needed and {@link #chooseSecurity} found no archive for it. */
    public static String noSecurityMirror(String suite, Path aptRoot) {
        return "no Debian security mirror configured for " + suite + ": give --security-mirror URL, or set "
                + SECURITY_ENVIRONMENT + " or the property " + SECURITY_PROPERTY + " to the security archive's base"
                + " URL (the one whose dists/" + suite + " is signed by Debian, e.g. the URI of apt's '-security'"
                + " source on a Debian host); apt's sources under " + aptRoot.resolve("etc/apt") + " name none";
    }

    /** Debian's security archive: binary, {@code <release>-security} (or the old {@code <release>/updates}) suites. */
    static boolean isDebianSecurity(AptSources.Entry e) {
        return isDebian(e, Mirror::isSecuritySuite);
    }

    private static boolean isSecuritySuite(String suite) {
        String base = suite.endsWith("-security") ? suite.substring(0, suite.length() - "-security".length())
                : suite.endsWith("/updates") ? suite.substring(0, suite.length() - "/updates".length()) : "";
        return DEBIAN_SUITES.contains(base);
    }

    /** A plain Debian archive: binary, Debian suites (not security), Debian components, Debian's keyring. */
    static boolean isDebianArchive(AptSources.Entry e) {
        return isDebian(e, Mirror::isDebianSuite);
    }

    /** Binary, over http(s), every suite of the kind asked for, Debian components, Debian's keyring (if named). */
    private static boolean isDebian(AptSources.Entry e, java.util.function.Predicate<String> suiteKind) {
        return e.type().equals("deb")
                && (e.uri().startsWith("http://") || e.uri().startsWith("https://"))
                && !e.suites().isEmpty()
                && e.suites().stream().allMatch(suiteKind)
                && !e.components().isEmpty()
                && DEBIAN_COMPONENTS.containsAll(e.components())
                && e.signedBy().map(k -> k.contains("debian-archive")).orElse(true);
    }

    private static boolean isDebianSuite(String suite) {
        int dash = suite.indexOf('-');
        String base = dash < 0 ? suite : suite.substring(0, dash);
        String suffix = dash < 0 ? "" : suite.substring(dash);
        return DEBIAN_SUITES.contains(base)
                && Set.of("", "-updates", "-backports", "-proposed-updates").contains(suffix);
    }

    @Override
    public String toString() {
        return base.toString();
    }
}
