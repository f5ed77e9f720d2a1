package org.lowernet.runtime.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.boot.Boot;
import org.lowernet.runtime.boot.BootReason;
import org.lowernet.runtime.config.Location;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.net.InterfaceReport;

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
        NodeInfo info = new NodeInfo("dca632aabbcc", "infoshop-1", "riverside", "Raspberry Pi 4 Model B Rev 1.4",
                "0.1.0", "6.12.0", Optional.of("dc:a6:32:aa:bb:cc"), List.of("10.42.0.1"),
                Optional.of(new Location(52.52, 13.405)),
                Optional.of(new Boot(3, BootReason.WATCHDOG, "the watchdog reset the board", false)),
                Optional.of("ssh-ed25519 SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"));
        assertEquals(documented("nodeinfo"), fields(info.toJson()));
    }

    @Test
    void statisticsFieldsAreDocumented() throws IOException {
        List<InterfaceReport> interfaces = List.of(
                new InterfaceReport("eth0", "wan", true, true, true, Optional.empty(), List.of("198.51.100.2/24"), 1, 2),
                new InterfaceReport("eth1", "lan", true, true, true, Optional.empty(), List.of("10.42.0.1/24"), 3, 4));
        Statistics statistics = new Statistics("dca632aabbcc", Instant.EPOCH, 1, 12.5,
                new ProcReadings.Load(0.1, 0.2, 0.3, 1, 90), new ProcReadings.Memory(900_000, 500_000, 700_000),
                OptionalDouble.of(48.3), 3, interfaces, "online", 1, 2, 3, 4, true, new Statistics.MqttCounters(0, 0, 0));
        assertEquals(documented("statistics"), fields(statistics.toJson()));
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

    /** Field path to JSON type, from the rows of the first table after the heading "## {@code section}". */
    private static Map<String, String> documented(String section) throws IOException {
        List<String> lines = Files.readAllLines(DOCUMENT);
        int start = lines.indexOf("## " + section);
        Map<String, String> fields = new TreeMap<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i);
            if (line.startsWith("| `")) {
                List<String> cells = cells(line);
                if (!List.of("string", "number", "boolean").contains(cells.get(1))) {
                    break; // the next table (event types)
                }
                fields.put(cells.get(0), cells.get(1));
            }
        }
        return fields;
    }

    private static List<String> cells(String row) {
        return Arrays.stream(row.substring(1, row.length() - 1).split(" \\| "))
                .map(c -> c.strip().replace("`", "")).toList();
    }

    /** Every leaf of {@code json} as a path (arrays as [], role keys under traffic as <role>) and its type. */
    private static Map<String, String> fields(JsonObject json) {
        Map<String, String> out = new TreeMap<>();
        walk("", json, out);
        return out;
    }

    private static void walk(String path, JsonValue value, Map<String, String> out) {
        if (value.isObject()) {
            for (JsonObject.Member member : value.asObject()) {
                String name = path.equals("traffic.") && ROLES.contains(member.getName()) ? "<role>" : member.getName();
                walk(path + name + ".", member.getValue(), out);
            }
        } else if (value.isArray()) {
            value.asArray().forEach(element -> walk(path.substring(0, path.length() - 1) + "[].", element, out));
        } else {
            String type = value.isString() ? "string" : value.isNumber() ? "number" : value.isBoolean() ? "boolean"
                    : "null";
            String previous = out.put(path.substring(0, path.length() - 1), type);
            if (previous != null && !previous.equals(type)) {
                throw new AssertionError(path + " is both " + previous + " and " + type);
            }
        }
    }
}
