package org.lowernet.image.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;

class JsonWriterTest {

    static final String AWKWARD = "quote \" backslash \\ newline \n tab \t bell \u0007 é ünïcode";

    @Test
    void writesIndentedJson() {
        String json = new JsonWriter().beginObject().member("a", "b").name("list").beginArray().value(1).value("x")
                .endArray().name("empty").beginArray().endArray().endObject().toString();
        assertEquals("{\n  \"a\": \"b\",\n  \"list\": [\n    1,\n    \"x\"\n  ],\n  \"empty\": []\n}\n", json);
    }

    @Test
    void escapesWhatRfc8259Requires() {
        assertEquals("\"quote \\\" backslash \\\\ newline \\n tab \\t bell \\u0007 é ünïcode\"", JsonWriter.quote(AWKWARD));
    }

    @Test
    void refusesAnUnfinishedDocument() {
        assertThrows(IllegalStateException.class, () -> new JsonWriter().beginObject().toString());
    }

    /** Python's json module as an independent judge: it reads back exactly the awkward string. */
    @Test
    void pythonReadsBackTheSameString(@TempDir Path dir) throws Exception {
        HostTools.require("python3");
        Path file = dir.resolve("doc.json");
        Files.writeString(file, new JsonWriter().beginObject().member(AWKWARD, AWKWARD).endObject().toString());
        HostTools.Result result = HostTools.run(List.of("python3", "-c",
                "import json,sys; d=json.load(open(sys.argv[1], encoding='utf-8')); k=list(d)[0];"
                        + " sys.stdout.buffer.write((k + '|' + d[k]).encode('utf-8'))", file.toString()));
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(AWKWARD + "|" + AWKWARD, result.out());
    }
}
