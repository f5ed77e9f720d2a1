package org.lowernet.image.debian;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where each suite's files are: the Debian archive for the release and its {@code -updates}, the
 * security archive for {@code -security} suites ({@link Distribution#isSecurity}), and fallback
 * archives (e.g. a snapshot of the Debian archive the user names) tried by pool path for a locked
 * file its own archive no longer has. Every file from any of them is checked against the signed index
 * or the lock's SHA-256 as usual: a mirror is trusted for nothing.
 * <p>
 * The security archive is only needed when a {@code -security} suite is read; without one that call
 * fails, saying how to configure it, so that a build from a warm cache needs no security setting.
 */
public final class Archives {

    private final MirrorClient debian;
    private final Optional<MirrorClient> security;
    private final String noSecurity;
    private final List<MirrorClient> fallbacks;

    /**
     * @param noSecurity what to say when a -security suite is read without a security archive
     *                   ({@code %s} is the suite)
     */
    public Archives(Mirror debian, Optional<Mirror> security, String noSecurity, List<Mirror> fallbacks) {
        this.debian = new MirrorClient(debian);
        this.security = security.map(MirrorClient::new);
        this.noSecurity = noSecurity;
        this.fallbacks = fallbacks.stream().map(MirrorClient::new).toList();
    }

    /** One archive for every suite, without fallbacks: for tests and for archives that carry all suites. */
    public static Archives single(Mirror mirror) {
        return new Archives(mirror, Optional.of(mirror), "", List.of());
    }

    /**
     * The archives the settings name; what is not set comes from apt's sources under {@code aptRoot}
     * ("/"), the main archive at once (as before), the security archive when a security suite is read.
     */
    public static Archives choose(Optional<String> debian, Optional<String> security, List<String> fallbacks,
            Path aptRoot) throws IOException {
        Mirror main = Mirror.choose(debian, aptRoot);
        Optional<Mirror> securityMirror = Mirror.chooseSecurity(security, aptRoot);
        List<Mirror> fallbackMirrors = fallbacks.stream()
                .map(url -> Mirror.of(url, "fallback mirror (--fallback-mirror, " + Mirror.FALLBACK_ENVIRONMENT + ")"))
                .toList();
        return new Archives(main, securityMirror, Mirror.noSecurityMirror("%s", aptRoot), fallbackMirrors);
    }

    /** The Debian archive (release and -updates suites). */
    public Mirror debian() {
        return debian.mirror();
    }

    public Optional<Mirror> security() {
        return security.map(MirrorClient::mirror);
    }

    /** The client for a suite's archive; a -security suite without a configured security archive fails here. */
    public MirrorClient client(String suite) throws IOException {
        if (!Distribution.isSecurity(suite)) {
            return debian;
        }
        return security.orElseThrow(() -> new IOException(noSecurity.replace("%s", suite)));
    }

    /** Archives to try, in order, for a pool file its own archive answered 404 for. */
    public List<MirrorClient> fallbacks() {
        return fallbacks;
    }

    /** "http://a/debian/ (trixie, trixie-updates) and http://b/debian-security/ (trixie-security)", for messages. */
    public String describe(List<String> suites) {
        List<String> main = suites.stream().filter(s -> !Distribution.isSecurity(s)).toList();
        List<String> sec = suites.stream().filter(Distribution::isSecurity).toList();
        StringBuilder out = new StringBuilder();
        if (!main.isEmpty()) {
            out.append(debian.mirror()).append(" (").append(String.join(", ", main)).append(')');
        }
        if (!sec.isEmpty()) {
            out.append(out.isEmpty() ? "" : " and ")
                    .append(security.map(c -> c.mirror().toString()).orElse("no security mirror"))
                    .append(" (").append(String.join(", ", sec)).append(')');
        }
        return out.toString();
    }
}
