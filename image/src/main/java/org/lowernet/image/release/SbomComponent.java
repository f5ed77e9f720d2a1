package org.lowernet.image.release;

import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One component of the software bill of materials.
 *
 * @param type       a CycloneDX component type: library, application, framework, firmware, operating-system
 * @param name       the package or artifact name
 * @param version    its exact version
 * @param purl       its package URL (github.com/package-url/purl-spec), which also serves as its bom-ref
 * @param sha256     SHA-256 of the file it came in (.deb or .jar), lowercase hex
 * @param properties extra facts, sorted by name
 */
public record SbomComponent(String type, String name, String version, String purl, String sha256,
        SortedMap<String, String> properties) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public SbomComponent {
        Objects.requireNonNull(type);
        Objects.requireNonNull(name);
        Objects.requireNonNull(version);
        Objects.requireNonNull(purl);
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("bad sha256 '" + sha256 + "' for SBOM component " + purl);
        }
        properties = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(properties));
    }
}
