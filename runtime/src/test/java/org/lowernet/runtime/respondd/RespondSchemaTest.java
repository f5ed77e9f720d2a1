package org.lowernet.runtime.respondd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eclipsesource.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.health.MeshNeighbour;
import org.lowernet.runtime.health.Samples;
import org.lowernet.runtime.json.DocumentedFields;

/**
 * RESPONDD.md and the answers agree: every field of nodeinfo, statistics and neighbours is documented with
 * its JSON type, and no documented field is missing from the answers (every optional field present here).
 */
class RespondSchemaTest {

    private static final Path DOCUMENT = Path.of("RESPONDD.md");
    private static final List<MeshInterface> MESH = List.of(
            new MeshInterface("eth2", Optional.of("02:00:00:00:00:02"), Optional.of("fe80::2")));

    @Test
    void nodeinfoFieldsAreDocumented() throws IOException {
        assertEquals(DocumentedFields.documented(DOCUMENT, "nodeinfo"),
                fields(Answers.nodeinfo(Samples.nodeInfo(), MESH)));
    }

    @Test
    void statisticsFieldsAreDocumented() throws IOException {
        assertEquals(DocumentedFields.documented(DOCUMENT, "statistics"), fields(Answers.statistics(
                Samples.statistics())));
    }

    @Test
    void neighboursFieldsAreDocumented() throws IOException {
        assertEquals(DocumentedFields.documented(DOCUMENT, "neighbours"), fields(Answers.neighbours("dca632aabbcc",
                MESH, List.of(new MeshNeighbour("eth2", "fe80::3", 96)))));
    }

    /** Interface names under babel and neighbour addresses under neighbours are documented as placeholders. */
    static Map<String, String> fields(JsonObject json) {
        return DocumentedFields.fields(json, (path, name) -> path.equals("babel.") ? "<iface>"
                : path.startsWith("babel.") && path.endsWith(".neighbours.") ? "<address>" : name);
    }
}
