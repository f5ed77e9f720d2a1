package org.lowernet.image.debian;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The base URL of the Debian archive to fetch from, e.g. the one apt uses: {@code <base>/dists/...}
 * and {@code <base>/pool/...} lie below it. It is always configuration, never built in: an explicit
 * setting (system property {@value #PROPERTY} or environment variable {@value #ENVIRONMENT}), else the
 * first Debian archive entry in apt's sources on a Debian-family host.
 */
public record Mirror(URI base) {

    public static final String PROPERTY = "lowernet.debian.mirror";
    public static final String ENVIRONMENT = "LOWERNET_DEBIAN_MIRROR";

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
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return Optional.of(property.strip());
        }
        return Optional.ofNullable(System.getenv(ENVIRONMENT)).map(String::strip).filter(s -> !s.isEmpty());
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

    /** A plain Debian archive: binary, Debian suites (not security), Debian components, Debian's keyring. */
    static boolean isDebianArchive(AptSources.Entry e) {
        return e.type().equals("deb")
                && (e.uri().startsWith("http://") || e.uri().startsWith("https://"))
                && !e.suites().isEmpty()
                && e.suites().stream().allMatch(Mirror::isDebianSuite)
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
