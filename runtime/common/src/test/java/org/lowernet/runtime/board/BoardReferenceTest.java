package org.lowernet.runtime.board;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.config.Key;

class BoardReferenceTest {

    private static final Path README = Path.of("../../board/README.md");

    /** board/README.md's table names every key the schema checks, so the two cannot drift apart. */
    @Test
    void theBoardReadmeDocumentsEveryKey() throws IOException {
        List<String> table = Files.readAllLines(README).stream().filter(line -> line.startsWith("| `")).toList();
        for (Key<?> key : Board.SCHEMA.keys()) {
            assertTrue(table.stream().anyMatch(row -> row.split(" \\| ")[0].contains("`" + key.pattern() + "`")),
                    key.pattern() + " is not in the key table of " + README);
        }
    }
}
