package org.lowernet.image.debian;

import java.util.List;

/**
 * Which part of the Debian archive packages come from: a suite, its components, one architecture
 * (lowernet's: board/common/image.conf).
 */
public record Distribution(String suite, List<String> components, String architecture) {

    public Distribution {
        components = List.copyOf(components);
        if (suite.isBlank() || components.isEmpty() || architecture.isBlank()) {
            throw new IllegalArgumentException("a distribution needs a suite, components and an architecture, got "
                    + suite + " " + components + " " + architecture);
        }
    }

    /** "trixie main/non-free-firmware", for messages. */
    public String scope() {
        return suite + " " + String.join("/", components);
    }
}
