package org.lowernet.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** CONFIG.md and the shipped lowernet.conf agree with the key registry. */
class ConfigReferenceTest {

    private static final Path REFERENCE = Path.of("../CONFIG.md");
    private static final Path SHIPPED = Path.of("../../board/common/lowernet.conf");

    /** Key column to the whole row, cells without their backticks. */
    private static Map<String, List<String>> documentedRows() throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(REFERENCE)) {
            if (line.startsWith("| `")) {
                List<String> cells = Arrays.stream(line.substring(1, line.length() - 1).split(" \\| "))
                        .map(c -> c.strip().replace("`", "")).toList();
                rows.put(cells.getFirst(), cells);
            }
        }
        return rows;
    }

    private static List<String> row(Key<?> key) {
        return List.of(key.pattern(), key.type().name(), key.defaultText(), key.meaning(), key.example());
    }

    @Test
    void everyKeyIsDocumentedWithItsTypeAndDefault() throws IOException {
        Map<String, List<String>> documented = documentedRows();
        for (Key<?> key : ConfigKeys.ALL) {
            assertEquals(row(key), documented.get(key.pattern()), "CONFIG.md's row for " + key.pattern()
                    + "; the registry says:\n| `" + String.join("` | ", row(key)) + "` |");
        }
        assertEquals(ConfigKeys.ALL.stream().map(Key::pattern).toList(), List.copyOf(documented.keySet()),
                "keys in CONFIG.md, in registry order; a documented key the registry lacks is documentation of nothing");
    }

    @Test
    void theShippedFilePassesAndChangesNothing() {
        ConfigResult result = ConfigParser.read(SHIPPED);
        assertTrue(result.valid(), ConfigTesting.messages(result));
        assertEquals(LowernetConfig.defaults(), result.config().orElseThrow(),
                "a fresh card must behave as documented: every key commented out or at its default");
    }

    @Test
    void theShippedFileShowsEveryKeyAndEveryShownValueIsValid() throws IOException {
        String text = Files.readString(SHIPPED);
        Matcher shown = Pattern.compile("(?m)^# ([a-z0-9._]+ = .*)$").matcher(text);
        StringBuilder uncommented = new StringBuilder();
        while (shown.find()) {
            uncommented.append(shown.group(1)).append('\n');
        }
        String lines = uncommented.toString();
        for (Key<?> key : ConfigKeys.ALL) {
            String prefix = key.prefix().replace(".", "\\.");
            String suffix = key.suffix().replace(".", "\\.");
            Matcher line = Pattern.compile("(?m)^" + prefix + (key.placeholder().isPresent() ? "[^ ]+" : "") + suffix
                    + " = .*$").matcher(lines);
            assertTrue(line.find(), key.pattern() + " is not shown in " + SHIPPED);
            // Each shown value must work when uncommented, alone or with what it needs (static mode for wan.gateway).
            List<String> config = new ArrayList<>(ConfigTesting.context(key));
            config.removeIf(l -> l.startsWith(line.group().substring(0, line.group().indexOf(" = ") + 3)));
            config.add(line.group());
            ConfigResult result = ConfigTesting.parse(String.join("\n", config));
            assertTrue(ConfigTesting.parse(line.group()).valid() || result.valid(),
                    line.group() + ": " + ConfigTesting.messages(result));
        }
    }
}
