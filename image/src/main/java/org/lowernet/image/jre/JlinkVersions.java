package org.lowernet.image.jre;

import java.nio.file.Path;

/**
 * Whether a host's jlink can link a set of target jmods. jlink refuses java.base of another feature or
 * interim version ({@code err.jlink.version.mismatch} in JDK 25's jlink resources), and says so only after
 * reading every jmod; the update and patch versions may differ (measured: Temurin 25.0.3's jlink linked
 * Debian's 25.0.5 jmods). Checking first gives one clear message naming both JDKs.
 */
public final class JlinkVersions {

    private JlinkVersions() {
    }

    /** Whether a jlink of version {@code host} links java.base of version {@code target}. */
    public static boolean compatible(Runtime.Version host, Runtime.Version target) {
        return host.feature() == target.feature() && host.interim() == target.interim();
    }

    /** Throws a {@link JreException} saying what must match and what may differ, unless compatible. */
    public static void check(Runtime.Version host, Path hostJdk, JavaBase target, Path jmods) {
        if (compatible(host, target.version())) {
            return;
        }
        throw new JreException("the host JDK cannot link the device's JRE: jlink " + host + " (" + hostJdk
                + ") and java.base " + target.version() + " (" + target.platform() + ", " + jmods + ")"
                + " must have the same feature version (" + host.feature() + "." + host.interim() + " vs "
                + target.version().feature() + "." + target.version().interim() + "); update and patch"
                + " versions may differ (a host 25.0.3 links 25.0.5 jmods). Run the build with a JDK "
                + target.version().feature() + " (set JAVA_HOME to it), or name a JDK " + host.feature()
                + " package as parts.jdk in board/common/image.conf and run scripts/build --update-lock");
    }
}
