package org.lowernet.image.release;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A CycloneDX 1.6 JSON bill of materials (cyclonedx.org/docs/1.6/json): the image as the metadata
 * component, every Debian package and Maven artifact as a component, sorted by package URL. The
 * timestamp is the build epoch and the serial number is derived from the content, so the same inputs
 * give the same bytes.
 */
public final class CycloneDx {

    static final String SPEC_VERSION = "1.6";

    private CycloneDx() {
    }

    /**
     * @param product    the image's name and version, the metadata component (type operating-system)
     * @param tool       the builder's name and version, recorded under metadata.tools
     * @param epoch      the build epoch, the BOM's timestamp
     */
    public static String format(Map.Entry<String, String> product, Map.Entry<String, String> tool, Instant epoch,
            List<SbomComponent> components) {
        List<SbomComponent> sorted = components.stream().sorted(Comparator.comparing(SbomComponent::purl)).toList();
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).purl().equals(sorted.get(i - 1).purl())) {
                throw new IllegalArgumentException("component " + sorted.get(i).purl() + " is listed twice");
            }
        }
        JsonWriter json = new JsonWriter().beginObject()
                .member("bomFormat", "CycloneDX")
                .member("specVersion", SPEC_VERSION)
                .member("serialNumber", "urn:uuid:" + serial(product, epoch, sorted))
                .member("version", 1);
        json.name("metadata").beginObject()
                .member("timestamp", epoch.truncatedTo(ChronoUnit.SECONDS).toString());
        json.name("tools").beginObject().name("components").beginArray().beginObject()
                .member("type", "application").member("name", tool.getKey()).member("version", tool.getValue())
                .endObject().endArray().endObject();
        json.name("component").beginObject()
                .member("type", "operating-system")
                .member("bom-ref", product.getKey())
                .member("name", product.getKey())
                .member("version", product.getValue())
                .endObject();
        json.endObject();
        json.name("components").beginArray();
        for (SbomComponent c : sorted) {
            json.beginObject()
                    .member("type", c.type())
                    .member("bom-ref", c.purl())
                    .member("name", c.name())
                    .member("version", c.version())
                    .member("purl", c.purl());
            json.name("hashes").beginArray().beginObject()
                    .member("alg", "SHA-256").member("content", c.sha256())
                    .endObject().endArray();
            if (!c.properties().isEmpty()) {
                json.name("properties").beginArray();
                c.properties().forEach((name, value) -> json.beginObject()
                        .member("name", name).member("value", value).endObject());
                json.endArray();
            }
            json.endObject();
        }
        return json.endArray().endObject().toString();
    }

    /** A name-based UUID over what the BOM lists: a different content gives a different serial number. */
    static UUID serial(Map.Entry<String, String> product, Instant epoch, List<SbomComponent> sorted) {
        StringBuilder content = new StringBuilder(product.getKey()).append('\0').append(product.getValue())
                .append('\0').append(epoch.getEpochSecond());
        sorted.forEach(c -> content.append('\0').append(c.purl()).append(' ').append(c.sha256()));
        return UUID.nameUUIDFromBytes(content.toString().getBytes(StandardCharsets.UTF_8));
    }
}
