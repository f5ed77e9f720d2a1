package org.lowernet.image.release;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OsListEntryTest {

    @Test
    void writesTheFieldsImagerReads() {
        OsListEntry entry = new OsListEntry("lowernet 1.0", "Router \"test\"", "lowernet-1.0-arm64.img.xz",
                Instant.ofEpochSecond(1767225600L + 3600), 268435456L, "a".repeat(64), 1234L, "b".repeat(64),
                List.of("pi3-64bit", "pi4-64bit"));
        assertEquals("""
                {
                  "os_list": [
                    {
                      "name": "lowernet 1.0",
                      "description": "Router \\"test\\"",
                      "url": "lowernet-1.0-arm64.img.xz",
                      "release_date": "2026-01-01",
                      "extract_size": 268435456,
                      "extract_sha256": "%s",
                      "image_download_size": 1234,
                      "image_download_sha256": "%s",
                      "devices": [
                        "pi3-64bit",
                        "pi4-64bit"
                      ]
                    }
                  ]
                }
                """.formatted("a".repeat(64), "b".repeat(64)), entry.toJson());
        assertEquals(List.of("pi3-64bit", "pi4-64bit"), entry.devices());
    }
}
