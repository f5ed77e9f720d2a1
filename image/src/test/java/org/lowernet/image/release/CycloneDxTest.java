package org.lowernet.image.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;

class CycloneDxTest {

    static final Instant EPOCH = Instant.ofEpochSecond(1767225600L);

    static List<SbomComponent> components() {
        return List.of(
                new SbomComponent("library", "zlib1g", "1:1.3", "pkg:deb/debian/zlib1g@1%3A1.3?arch=arm64&distro=trixie",
                        "a".repeat(64), new TreeMap<>(Map.of("lowernet:debian-use", "installed"))),
                new SbomComponent("library", "jna", "5.19.1", "pkg:maven/net.java.dev.jna/jna@5.19.1", "b".repeat(64),
                        new TreeMap<>()));
    }

    @Test
    void sameComponentsInAnyOrderGiveTheSameBytes() {
        List<SbomComponent> reversed = new ArrayList<>(components()).reversed();
        String a = CycloneDx.format(Map.entry("lowernet", "1.0"), Map.entry("lowernet-image", "1.0"), EPOCH, components());
        String b = CycloneDx.format(Map.entry("lowernet", "1.0"), Map.entry("lowernet-image", "1.0"), EPOCH, reversed);
        assertEquals(a, b);
        assertTrue(a.indexOf("pkg:deb/debian/zlib1g") < a.indexOf("pkg:maven/"), "sorted by purl");
        assertTrue(a.contains("\"timestamp\": \"2026-01-01T00:00:00Z\""), a);
        String other = CycloneDx.format(Map.entry("lowernet", "1.1"), Map.entry("lowernet-image", "1.1"), EPOCH, components());
        assertTrue(!serial(a).equals(serial(other)), "a different content gets a different serial number");
    }

    private static String serial(String bom) {
        return bom.replaceAll("(?s).*\"serialNumber\": \"([^\"]+)\".*", "$1");
    }

    /** Python's json module reads the structure CycloneDX 1.6 prescribes. */
    @Test
    void pythonReadsTheStructure(@TempDir Path dir) throws Exception {
        HostTools.require("python3");
        Path file = dir.resolve("bom.json");
        Files.writeString(file, CycloneDx.format(Map.entry("lowernet", "1.0"), Map.entry("lowernet-image", "1.0"),
                EPOCH, components()));
        HostTools.Result result = HostTools.run(List.of("python3", "-c", """
                import json, re, sys
                bom = json.load(open(sys.argv[1]))
                assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.6" and bom["version"] == 1
                assert re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", bom["serialNumber"])
                assert bom["metadata"]["component"]["name"] == "lowernet"
                for c in bom["components"]:
                    print(c["type"], c["name"], c["version"], c["purl"], c["bom-ref"] == c["purl"],
                          c["hashes"][0]["alg"], len(c["hashes"][0]["content"]))
                """, file.toString()));
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("""
                library zlib1g 1:1.3 pkg:deb/debian/zlib1g@1%3A1.3?arch=arm64&distro=trixie True SHA-256 64
                library jna 5.19.1 pkg:maven/net.java.dev.jna/jna@5.19.1 True SHA-256 64
                """, result.out());
    }
}
