package org.lowernet.runtime.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eclipsesource.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.json.DocumentedFields;

/**
 * MQTT.md and the messages agree: every field of nodeinfo, statistics and events is documented with its
 * JSON type, no documented field is missing from the messages, and the event types match {@link EventType}.
 */
class MqttSchemaTest {

    private static final Path DOCUMENT = Path.of("MQTT.md");
    /** Keys under traffic that are role names, documented once as {@code <role>}. */
    private static final List<String> ROLES = List.of("wan", "lan", "mesh", "off");

    @Test
    void nodeinfoFieldsAreDocumented() throws IOException {
        assertEquals(documented("nodeinfo"), fields(Samples.nodeInfo().toJson()));
    }

    @Test
    void statisticsFieldsAreDocumented() throws IOException {
        assertEquals(documented("statistics"), fields(Samples.statistics().toJson()));
    }

    @Test
    void everyEventHasTheCommonFieldsThenItsTypesAndTheTypesAreDocumented() throws IOException {
        Map<String, String> common = documented("events");
        List<String> lines = Files.readAllLines(DOCUMENT);
        List<List<String>> rows = lines.subList(lines.indexOf("| type | fields | when |") + 2, lines.size()).stream()
                .takeWhile(l -> l.startsWith("| `")).map(MqttSchemaTest::cells).toList();
        assertEquals(Arrays.stream(EventType.values()).map(t -> List.of(t.word(), String.join(", ", t.fields()),
                t.meaning())).toList(), rows, "MQTT.md's table of event types, in EventType's order");

        Event event = Event.now(EventType.SERVICE_RESTART, "service", "dnsmasq", "reason", "exited with 1",
                "ran_ms", 10L, "delay_ms", 500L);
        Map<String, String> expected = new TreeMap<>(common);
        expected.putAll(Map.of("service", "string", "reason", "string", "ran_ms", "number", "delay_ms", "number"));
        assertEquals(expected, fields(EventMessage.toJson("dca632aabbcc", 1, event)));
    }

    private static Map<String, String> documented(String section) throws IOException {
        return DocumentedFields.documented(DOCUMENT, section);
    }

    private static List<String> cells(String row) {
        return DocumentedFields.cells(row);
    }

    /** Every leaf of {@code json} as a path (arrays as [], role keys under traffic as <role>) and its type. */
    private static Map<String, String> fields(JsonObject json) {
        return DocumentedFields.fields(json,
                (path, name) -> path.equals("traffic.") && ROLES.contains(name) ? "<role>" : name);
    }
}
