package org.lowernet.image.debian;

import java.util.HashSet;
import java.util.List;

/**
 * Which part of the Debian archive packages come from: suites (the release first, then e.g. its
 * {@code -updates} and {@code -security} suites), their components, one architecture (lowernet's:
 * board/common/image.conf). A suite named {@code <release>-security} lives in the security archive.
 */
public record Distribution(List<String> suites, List<String> components, String architecture) {

    public Distribution {
        suites = List.copyOf(suites);
        components = List.copyOf(components);
        if (suites.isEmpty() || suites.stream().anyMatch(String::isBlank) || components.isEmpty()
                || architecture.isBlank()) {
            throw new IllegalArgumentException("a distribution needs suites, components and an architecture, got "
                    + suites + " " + components + " " + architecture);
        }
        if (new HashSet<>(suites).size() != suites.size()) {
            throw new IllegalArgumentException("suite listed twice in " + suites);
        }
    }

    /** One suite only, as format 1 of the lockfile recorded. */
    public Distribution(String suite, List<String> components, String architecture) {
        this(List.of(suite), components, architecture);
    }

    /** The release's codename: the first suite ("trixie"). */
    public String release() {
        return suites.getFirst();
    }

    /** Whether a suite is served by the security archive: Debian names those {@code <release>-security}. */
    public static boolean isSecurity(String suite) {
        return suite.endsWith("-security");
    }

    /** "trixie main/non-free-firmware" or "trixie + trixie-security main/non-free-firmware", for messages. */
    public String scope() {
        return String.join(" + ", suites) + " " + String.join("/", components);
    }
}
